using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Events;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Tests.Runtime.Parameters;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>The engine's run events: which events a run emits, their numbering and order, and secret masking — on both runtimes.</summary>
public sealed class RunEventsTests
{
    private const string Password = "hunter2-S3CRET";

    public static TheoryData<bool> Runtimes => new() { true, false };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ACycle_ReportsEachIteration_AndItsMembersPerIteration(bool sync)
    {
        var workflow = new WorkflowBuilder("loop")
            .AddNode("inc", new LambdaNode(i => (i.TryGetValue("count", out var c) && c is long n ? n : 0L) + 1, [new NodeParameter("count", typeof(long)) { Required = false }]))
            .CreateCycle("c").Connect("inc", "result", "inc", "count").MaxIterations(3).Build()
            .AddNode("after", new LambdaNode(i => i["value"], [new NodeParameter("value", typeof(object))]))
            .AddConnection("inc", "result", "after", "value")
            .Build();

        var (events, result) = await RunAsync(sync, workflow);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        AssertNumbered(events, result.RunId);
        Assert.Equal(
            ["RunStarted", "NodeStarted:inc:1", "NodeCompleted:inc:1", "CycleIteration:c:1", "NodeStarted:inc:2", "NodeCompleted:inc:2", "CycleIteration:c:2", "NodeStarted:inc:3", "NodeCompleted:inc:3", "CycleIteration:c:3", "NodeStarted:after:0", "NodeCompleted:after:0", "RunCompleted"],
            events.Select(Describe));
        Assert.All(events.OfType<CycleIteration>(), e => Assert.Equal(3, e.MaxIterations));
        Assert.Equal(["result"], events.OfType<NodeCompleted>().First().Ports);
        Assert.Equal(workflow.Id, Assert.IsType<RunStarted>(events[0]).WorkflowId);
        Assert.Equal(2, ((RunStarted)events[0]).TotalNodes);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task RetriesAndFailures_AreReported_WithSecretsMasked(bool sync)
    {
        var flaky = new LambdaNode(
            (inputs, context) => context.Attempt < 3 ? throw new InvalidOperationException($"login with {inputs["password"]} refused") : new Dictionary<string, object?> { ["result"] = context.Attempt },
            [new NodeParameter("password", typeof(string))],
            ["result"]);
        var failing = new LambdaNode((inputs, _) => throw new InvalidOperationException($"still {inputs["password"]}"), [new NodeParameter("password", typeof(string)), new NodeParameter("attempt", typeof(object))], ["result"]);
        var secret = new Dictionary<string, object?> { ["$secret"] = "PW" };
        var workflow = new WorkflowBuilder("retry")
            .AddNode("flaky", flaky, new() { ["password"] = secret })
            .WithRetry("flaky", new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero })
            .AddNode("broken", failing, new() { ["password"] = secret })
            .AddConnection("flaky", "result", "broken", "attempt")
            .Build();
        var options = new RuntimeOptions { SecretProvider = new MemorySecrets(new() { ["PW"] = Password }) };

        var (events, result) = await RunAsync(sync, workflow, options);

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        AssertNumbered(events, result.RunId);
        var retries = events.OfType<NodeRetrying>().ToList();
        Assert.Equal([1, 2], retries.Select(r => r.Attempt));
        Assert.All(retries, r => Assert.EndsWith("login with *** refused", r.Error, StringComparison.Ordinal));
        var failed = Assert.Single(events.OfType<NodeFailed>());
        Assert.Equal(("broken", ErrorCodes.NodeFailed), (failed.NodeId, failed.Code));
        Assert.DoesNotContain(Password, failed.Error, StringComparison.Ordinal);
        var end = Assert.IsType<RunFailed>(events[^1]);
        Assert.Equal("broken", end.NodeId);
        Assert.All(events, e => Assert.DoesNotContain(Password, RunEventJson.Serialize(e), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task SkippedNodes_AreReported_WithTheirReason(bool sync)
    {
        var workflow = new WorkflowBuilder("skip")
            .AddNode("bad", Harness.Failing(() => new InvalidOperationException("no")))
            .AddNode("next", new LambdaNode(i => i["value"], [new NodeParameter("value", typeof(object))]))
            .AddConnection("bad", "result", "next", "value")
            .Build();

        var (events, result) = await RunAsync(sync, workflow, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        var skipped = Assert.Single(events.OfType<NodeSkipped>());
        Assert.Equal(("next", "upstream_failed"), (skipped.NodeId, skipped.Reason));
        Assert.DoesNotContain(events, e => e is NodeStarted { NodeId: "next" });
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ACallbackThatThrows_DoesNotAffectTheRun(bool sync)
    {
        var seen = 0;
        var workflow = Harness.Single("throwing-callback", new LambdaNode(_ => 1L));
        var settings = new RunSettings { OnEvent = _ => throw new InvalidOperationException($"listener broke {++seen}") };

        using var runtime = Harness.Create(sync);
        var result = runtime is LocalRuntime local ? local.Execute(workflow, null, settings, TestContext.Current.CancellationToken) : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, settings, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(4, seen);
    }

    [Fact]
    public void NobodyListening_MeansNoEmitter()
    {
        var plan = ExecutionPlanBuilder.Build(Harness.Single("quiet", new LambdaNode(_ => 1L)));

        Assert.Null(RunEvents.Create(new RunState(plan, "r"), TimeProvider.System, null, null));
        Assert.NotNull(RunEvents.Create(new RunState(plan, "r"), TimeProvider.System, null, new CallbackEventSink(_ => { }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)));
    }

    private static async Task<(List<RunEvent> Events, WorkflowRunResult Result)> RunAsync(bool sync, Workflow workflow, RuntimeOptions? options = null)
    {
        var events = new List<RunEvent>();
        var settings = new RunSettings { OnEvent = e => { lock (events) { events.Add(e); } } };
        using var runtime = Harness.Create(sync, options);
        try
        {
            var result = runtime is LocalRuntime local
                ? local.Execute(workflow, null, settings, TestContext.Current.CancellationToken)
                : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, settings, TestContext.Current.CancellationToken);
            return (events, result);
        }
        catch (WorkflowExecutionException ex)
        {
            return (events, ex.Result);
        }
    }

    private static void AssertNumbered(List<RunEvent> events, string runId)
    {
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(runId, e.RunId));
        Assert.All(events, e => Assert.NotEqual(default, e.Timestamp));
    }

    private static string Describe(RunEvent e) => e switch
    {
        NodeEvent node => $"{e.Type}:{node.NodeId}:{node.Iteration}",
        CycleIteration cycle => $"{e.Type}:{cycle.CycleId}:{cycle.Iteration}",
        _ => e.Type,
    };
}
