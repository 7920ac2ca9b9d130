using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Events;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace Kailash.Tests.Runtime;

/// <summary>Human input on both runtimes: bad answers get coded errors and change nothing, timeouts on a fake clock, watchers see pending questions, runs that cannot wait.</summary>
public sealed class HumanInputTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<bool> Runtimes => new() { true, false };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task WithoutARunStore_AQuestionFailsTheNode_KWF148(bool sync)
    {
        using var runtime = Harness.Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var (result, _) = await Harness.RunAsync(runtime, Approval(), Ct);

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(ErrorCodes.InputUnavailable, result["approve"].ErrorCode);
        Assert.Contains("RunStore", result["approve"].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AQuestionInsideACycle_FailsTheNode_KWF148(bool sync)
    {
        var ask = new LambdaNode((inputs, context) => new Dictionary<string, object?> { ["n"] = context.RequestInput<long>("more?") }, [new NodeParameter("n", typeof(long))], ["n"]);
        var builder = new WorkflowBuilder("loop").AddNode("ask", ask);
        builder.CreateCycle("c").Connect("ask", "ask", new Dictionary<string, string> { ["n"] = "n" }).MaxIterations(3).ConvergeWhen("n > 10").Build();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = new InMemoryRunStore(), ErrorPolicy = ErrorPolicy.Continue });

        var (result, _) = await Harness.RunAsync(runtime, builder.Build(), Ct);

        Assert.Equal(ErrorCodes.InputUnavailable, result["ask"].ErrorCode);
        Assert.Contains("cycle", result["ask"].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task BadAnswers_AreRefusedWithCodes_AndTheRunStaysSuspended(bool sync)
    {
        var store = new InMemoryRunStore();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store });
        var confirm = new LambdaNode((_, context) => new Dictionary<string, object?> { ["result"] = context.RequestInput<bool>("Sure?") }, [], ["result"]);
        var workflow = new WorkflowBuilder("approval")
            .AddNode("SignalWaitNode", "approve", new() { ["signal_name"] = "approval" })
            .AddNode("ExpressionNode", "done", new() { ["expression"] = "value" })
            .AddNode("confirm", confirm)
            .AddConnection("approve", "signal_data", "done", "value")
            .Build();
        var suspended = await Start(runtime, workflow, "bad");
        Assert.Equal(WorkflowRunStatus.Suspended, suspended.Status);
        Assert.Equal(2, suspended.PendingInputs.Count);

        var unknown = await Assert.ThrowsAsync<KailashException>(() => Resume(runtime, workflow, "bad", new() { ["aproval"] = true }));
        Assert.Equal(ErrorCodes.InputRequestNotFound, unknown.Code);
        Assert.Contains("Did you mean 'approval'", unknown.Message, StringComparison.Ordinal);

        var wrongType = await Assert.ThrowsAsync<KailashException>(async () => await runtime.AnswerInputAsync("bad", "confirm", "maybe", Ct));
        Assert.Equal(ErrorCodes.InputResponseInvalid, wrongType.Code);
        Assert.Contains("true or false", wrongType.Message, StringComparison.Ordinal);

        var nothing = await Assert.ThrowsAsync<KailashException>(() => Resume(runtime, workflow, "bad", null));
        Assert.Equal(ErrorCodes.RunAwaitingInput, nothing.Code);
        Assert.Contains("--input approval=VALUE", nothing.Message, StringComparison.Ordinal);

        var record = await store.GetRunAsync("bad", Ct);
        Assert.Equal((DurableRunStatus.Suspended, (string?)null), (record!.Status, record.LeaseOwner));
        Assert.Equal(["approve", "confirm"], (await runtime.GetPendingInputsAsync("bad", Ct)).Select(r => r.RequestId).Order(StringComparer.Ordinal));

        var answered = await runtime.AnswerInputAsync("bad", "approval", true, Ct);
        Assert.Equal(("approve", "true"), (answered.RequestId, answered.Response));
        var twice = await Assert.ThrowsAsync<KailashException>(async () => await runtime.AnswerInputAsync("bad", "approve", false, Ct));
        Assert.Equal(ErrorCodes.InputNotPending, twice.Code);

        var finished = await Resume(runtime, workflow, "bad", new() { ["confirm"] = "true" });
        Assert.Equal(WorkflowRunStatus.Completed, finished.Status);
        Assert.Equal((true, true), (finished["done"]["result"], finished["confirm"]["result"]));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ARunWaitsDays_OnAFakeClock_AndIsAnsweredBeforeItsDeadline(bool sync)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryRunStore();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store, TimeProvider = clock });
        var workflow = Approval();

        var suspended = await Start(runtime, workflow, "days");
        Assert.Equal(clock.GetUtcNow() + Week, suspended.PendingInputs[0].ExpiresAt);

        clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(23));
        var finished = await Resume(runtime, workflow, "days", new() { ["approval"] = false });

        Assert.Equal(WorkflowRunStatus.Completed, finished.Status);
        Assert.Equal(false, finished["done"]["result"]);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AnExpiredRequest_RefusesItsAnswer_AndAResumeFailsTheNode_KWF139(bool sync)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryRunStore();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store, TimeProvider = clock, ErrorPolicy = ErrorPolicy.Continue });
        var workflow = Approval();
        _ = await Start(runtime, workflow, "late");

        clock.Advance(Week + TimeSpan.FromSeconds(1));
        var late = await Assert.ThrowsAsync<KailashException>(async () => await runtime.AnswerInputAsync("late", "approval", true, Ct));
        Assert.Equal(ErrorCodes.InputRequestTimedOut, late.Code);
        Assert.Equal(InputRequestStatus.TimedOut, Assert.Single(await store.GetRequestsAsync("late", false, Ct)).Status);

        var finished = await Resume(runtime, workflow, "late", null);
        Assert.Equal(WorkflowRunStatus.Failed, finished.Status);
        Assert.Equal(ErrorCodes.InputRequestTimedOut, finished["approve"].ErrorCode);
        Assert.Equal(SkipReason.UpstreamFailed, finished["done"].SkipReason);
        Assert.Equal(DurableRunStatus.Failed, (await store.GetRunAsync("late", Ct))!.Status);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ANewWatcher_IsToldOfThePendingQuestionFirst_ThenTheStoredEventsUpToRunSuspended(bool sync)
    {
        var store = new InMemoryRunStore();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store });
        _ = await Start(runtime, Approval(), "watched");

        var events = new List<RunEvent>();
        await foreach (var item in runtime.WatchAsync("watched", 0, Ct))
        {
            events.Add(item);
        }

        var announced = Assert.IsType<RequestInput>(events[0]);
        Assert.Equal((0L, "approve", "approval"), (announced.Seq, announced.RequestId, announced.Name));
        Assert.IsType<RunStarted>(events[1]);
        var suspended = Assert.IsType<RunSuspended>(events[^1]);
        Assert.Equal(["approve"], suspended.RequestIds);
        Assert.Single(events.OfType<RequestInput>());
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AStreamedRun_EndsWithRunSuspended_AfterItsRequestInputEvent(bool sync)
    {
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = new InMemoryRunStore() });
        var settings = new RunSettings { RunId = "streamed" };
        var events = new List<RunEvent>();
        if (runtime is LocalRuntime local)
        {
            events.AddRange(local.Stream(Approval(), null, settings, Ct));
        }
        else
        {
            await foreach (var item in ((AsyncLocalRuntime)runtime).StreamAsync(Approval(), null, settings, Ct))
            {
                events.Add(item);
            }
        }

        Assert.Equal(["RunStarted", "NodeStarted", "RequestInput", "RunSuspended"], events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal("approve", ((RequestInput)events[2]).RequestId);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ARetryPolicy_DoesNotRetryANodeThatWaits(bool sync)
    {
        var calls = 0;
        var ask = new LambdaNode((_, context) => { Interlocked.Increment(ref calls); return new Dictionary<string, object?> { ["result"] = context.RequestInput<string>("name?") }; }, [], ["result"]);
        var options = new RuntimeOptions { RunStore = new InMemoryRunStore(), DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero } };
        using var runtime = Harness.Create(sync, options);

        var result = await Start(runtime, new WorkflowBuilder("retried").AddNode("ask", ask).Build(), "retried");

        Assert.Equal((WorkflowRunStatus.Suspended, 1), (result.Status, calls));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ANodeThatCatchesTheSignal_StillWaits(bool sync)
    {
        var calls = 0;
        var stubborn = new LambdaNode(
            (_, context) =>
            {
                Interlocked.Increment(ref calls);
                try
                {
                    return new Dictionary<string, object?> { ["result"] = context.RequestInput<string>("name?") };
                }
                catch (Exception)
                {
                    throw new InvalidOperationException("swallowed");
                }
            },
            [],
            ["result"]);
        var workflow = new WorkflowBuilder("stubborn").AddNode("ask", stubborn).Build();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = new InMemoryRunStore() });

        var result = await Start(runtime, workflow, "stubborn");

        Assert.Equal(WorkflowRunStatus.Suspended, result.Status);
        Assert.Equal(NodeStatus.Waiting, result["ask"].Status);
        Assert.Equal("ask", Assert.Single(result.PendingInputs).RequestId);
        Assert.Equal(1, calls);
    }

    private static Workflow Approval()
        => new WorkflowBuilder("approval")
            .AddNode("SignalWaitNode", "approve", new() { ["signal_name"] = "approval", ["timeout"] = Week.TotalSeconds })
            .AddNode("ExpressionNode", "done", new() { ["expression"] = "value" })
            .AddConnection("approve", "signal_data", "done", "value")
            .Build();

    private static async Task<WorkflowRunResult> Start(BaseRuntime runtime, Workflow workflow, string runId)
    {
        var settings = new RunSettings { RunId = runId };
        return runtime is LocalRuntime local ? local.Execute(workflow, null, settings, Ct) : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, settings, Ct);
    }

    private static async Task<WorkflowRunResult> Resume(BaseRuntime runtime, Workflow workflow, string runId, Dictionary<string, object?>? responses)
    {
        var settings = new ResumeSettings { Responses = responses };
        return runtime is LocalRuntime local ? local.Resume(workflow, runId, settings, Ct) : await ((AsyncLocalRuntime)runtime).ResumeAsync(workflow, runId, settings, Ct);
    }
}
