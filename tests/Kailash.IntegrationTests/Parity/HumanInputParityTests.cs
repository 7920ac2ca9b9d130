using System.Collections.Concurrent;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Human input on both runtimes (sync, async one at a time, async concurrent), on the in-memory and SQLite stores: a run
/// that asks suspends with the same results everywhere, everything not downstream of the question runs before it
/// suspends, and a resume with the answer finishes it without running a completed node again.
/// </summary>
public sealed class HumanInputParityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-input-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every runtime on the in-memory, SQLite and PostgreSQL stores (PostgreSQL: the fixture's private server).</summary>
    public static TheoryData<RuntimeKind, string> AllStores
    {
        get
        {
            var data = new TheoryData<RuntimeKind, string>();
            foreach (var kind in Enum.GetValues<RuntimeKind>())
            {
                data.Add(kind, "memory");
                data.Add(kind, "sqlite");
                data.Add(kind, "postgres");
            }

            return data;
        }
    }

    public static TheoryData<RuntimeKind, string> Cases
    {
        get
        {
            var data = new TheoryData<RuntimeKind, string>();
            foreach (var kind in Enum.GetValues<RuntimeKind>())
            {
                data.Add(kind, "memory");
                data.Add(kind, "sqlite");
            }

            return data;
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(AllStores))]
    public async Task ASignalWait_SuspendsTheRun_AndTheAnswerFinishesIt_WithoutRunningCompletedNodesAgain(RuntimeKind kind, string storeKind)
    {
        await using var store = storeKind == "postgres"
            ? new PostgresRunStore((await Kailash.Testing.PostgresServer.GetAsync()).ConnectionString, schema: $"input_{Guid.NewGuid():N}")
            : Open(storeKind);
        var ran = new ConcurrentQueue<string>();
        var workflow = Approval(ran);

        WorkflowRunResult suspended;
        using (var first = Create(kind, store))
        {
            suspended = await RunAsync(first, workflow, "approval-run");
        }

        Assert.Equal(WorkflowRunStatus.Suspended, suspended.Status);
        Assert.Equal(NodeStatus.Waiting, suspended["approve"].Status);
        Assert.Equal(NodeStatus.Skipped, suspended["finish"].Status);
        Assert.Equal(SkipReason.RunSuspended, suspended["finish"].SkipReason);
        Assert.Equal(NodeStatus.Completed, suspended["side"].Status);
        Assert.Equal(NodeStatus.Completed, suspended["after_side"].Status);
        var request = Assert.Single(suspended.PendingInputs);
        Assert.Equal("approve", request.RequestId);
        Assert.Equal("approval", request.Name);
        Assert.Equal(["after_side", "side", "start"], ran.Order(StringComparer.Ordinal));

        var record = await store.GetRunAsync("approval-run", Ct);
        Assert.Equal(DurableRunStatus.Suspended, record!.Status);
        Assert.Null(record.LeaseOwner);

        ran.Clear();
        WorkflowRunResult finished;
        using (var second = Create(kind, store))
        {
            finished = await ResumeAsync(second, workflow, "approval-run", new ResumeSettings { Responses = new Dictionary<string, object?> { ["approval"] = true } });
        }

        Assert.Equal(WorkflowRunStatus.Completed, finished.Status);
        Assert.Equal(true, finished["approve"]["signal_data"]);
        Assert.Equal(242L, finished["finish"]["result"]);
        Assert.Equal(["finish"], ran.ToArray());
        Assert.Empty(finished.PendingInputs);
        Assert.Equal(DurableRunStatus.Completed, (await store.GetRunAsync("approval-run", Ct))!.Status);
        var answered = Assert.Single(await store.GetRequestsAsync("approval-run", false, Ct));
        Assert.Equal(InputRequestStatus.Answered, answered.Status);
    }

    [Fact]
    public async Task EveryRuntimeAndStore_GivesTheSameSuspendedAndFinishedResults()
    {
        var snapshots = new List<(string Case, string Suspended, string Finished)>();
        foreach (var kind in Enum.GetValues<RuntimeKind>())
        {
            foreach (var storeKind in new[] { "memory", "sqlite" })
            {
                await using var store = Open(storeKind, $"{kind}");
                var workflow = Approval(new ConcurrentQueue<string>());
                using var runtime = Create(kind, store);
                var suspended = await RunAsync(runtime, workflow, "same");
                var finished = await ResumeAsync(runtime, workflow, "same", new ResumeSettings { Responses = new Dictionary<string, object?> { ["approve"] = false } });
                snapshots.Add(($"{kind}/{storeKind}", ResultSnapshot.Of(suspended), ResultSnapshot.Of(finished)));
            }
        }

        Assert.All(snapshots, s => Assert.Equal(snapshots[0].Suspended, s.Suspended));
        Assert.All(snapshots, s => Assert.Equal(snapshots[0].Finished, s.Finished));
        Assert.Contains("approve: Waiting", snapshots[0].Suspended, StringComparison.Ordinal);
        Assert.Contains("finish: Completed", snapshots[0].Finished, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ANodeAskingInItsBody_RunsAgainOnResume_AndGetsTheTypedAnswer_CodeAfterTheQuestionRunsOnce(RuntimeKind kind, string storeKind)
    {
        await using var store = Open(storeKind);
        var before = 0;
        var after = 0;
        var ask = new LambdaNode(
            (inputs, context) =>
            {
                Interlocked.Increment(ref before);
                var amount = context.RequestInput<long>("How many?", name: "amount");
                Interlocked.Increment(ref after);
                return new Dictionary<string, object?> { ["result"] = amount * 2 };
            },
            [],
            ["result"]);
        var workflow = new WorkflowBuilder("ask").AddNode("ask", ask).Build();

        using var runtime = Create(kind, store);
        var suspended = await RunAsync(runtime, workflow, "ask-run");
        Assert.Equal(WorkflowRunStatus.Suspended, suspended.Status);
        Assert.Contains("\"type\":\"integer\"", suspended.PendingInputs[0].Payload, StringComparison.Ordinal);

        var finished = await ResumeAsync(runtime, workflow, "ask-run", new ResumeSettings { Responses = new Dictionary<string, object?> { ["ask"] = 21 } });

        Assert.Equal(42L, finished["ask"]["result"]);
        Assert.Equal((2, 1), (before, after));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TwoQuestionsOnParallelBranches_AnsweringOne_FinishesItsBranch_AndTheRunWaitsForTheOther(RuntimeKind kind, string storeKind)
    {
        await using var store = Open(storeKind);
        var workflow = new WorkflowBuilder("two")
            .AddNode("SignalWaitNode", "left", new() { ["signal_name"] = "left_ok" })
            .AddNode("SignalWaitNode", "right", new() { ["signal_name"] = "right_ok" })
            .AddNode("ExpressionNode", "left_done", new() { ["expression"] = "value" })
            .AddNode("ExpressionNode", "right_done", new() { ["expression"] = "value" })
            .AddConnection("left", "signal_data", "left_done", "value")
            .AddConnection("right", "signal_data", "right_done", "value")
            .Build();

        using var runtime = Create(kind, store);
        var first = await RunAsync(runtime, workflow, "two-run");
        Assert.Equal(["left", "right"], first.PendingInputs.Select(r => r.RequestId).Order(StringComparer.Ordinal));

        var second = await ResumeAsync(runtime, workflow, "two-run", new ResumeSettings { Responses = new Dictionary<string, object?> { ["left_ok"] = "yes" } });
        Assert.Equal(WorkflowRunStatus.Suspended, second.Status);
        Assert.Equal("yes", second["left_done"]["result"]);
        Assert.Equal(NodeStatus.Waiting, second["right"].Status);
        Assert.Equal("right", Assert.Single(second.PendingInputs).RequestId);

        // The other answer comes from another caller, through the store, and a plain resume delivers it.
        await runtime.AnswerInputAsync("two-run", "right", "sure", Ct);
        var third = await ResumeAsync(runtime, workflow, "two-run", null);
        Assert.Equal(WorkflowRunStatus.Completed, third.Status);
        Assert.Equal(("yes", "sure"), ((string?)third["left_done"]["result"], (string?)third["right_done"]["result"]));
    }

    private IRunStore Open(string kind, string? name = null)
        => kind == "memory" ? new InMemoryRunStore() : new SqliteRunStore(Path.Combine(_directory, $"{name ?? "runs"}.db"));

    private static Workflow Approval(ConcurrentQueue<string> ran)
        => new WorkflowBuilder("approval")
            .AddNode("start", new LambdaNode(_ => { ran.Enqueue("start"); return 121L; }))
            .AddNode("SignalWaitNode", "approve", new() { ["signal_name"] = "approval", ["timeout"] = 86400.0 })
            .AddNode("finish", new LambdaNode(
                inputs => { ran.Enqueue("finish"); return inputs.Get<bool>("approved") ? inputs.Get<long>("amount") * 2 : 0L; },
                [new NodeParameter("approved", typeof(bool)) { Required = true }, new NodeParameter("amount", typeof(long)) { Required = true }]))
            .AddNode("side", new LambdaNode(_ => { ran.Enqueue("side"); return "side"; }))
            .AddNode("after_side", new LambdaNode(inputs => { ran.Enqueue("after_side"); return inputs.Get<string>("value") + "!"; }, [new NodeParameter("value", typeof(string)) { Required = true }]))
            .AddConnection("start", "result", "approve", "input_data")
            .AddConnection("approve", "signal_data", "finish", "approved")
            .AddConnection("start", "result", "finish", "amount")
            .AddConnection("side", "result", "after_side", "value")
            .Build();

    internal static BaseRuntime Create(RuntimeKind kind, IRunStore store, TimeProvider? time = null)
    {
        var options = new RuntimeOptions { RunStore = store, MaxConcurrency = kind == RuntimeKind.AsyncConcurrent ? 4 : 1 };
        if (time is not null)
        {
            options.TimeProvider = time;
        }

        return kind == RuntimeKind.Sync ? new LocalRuntime(options) : new AsyncLocalRuntime(options);
    }

    internal static async Task<WorkflowRunResult> RunAsync(BaseRuntime runtime, Workflow workflow, string runId)
    {
        var settings = new RunSettings { RunId = runId };
        return runtime is LocalRuntime local
            ? await Task.Run(() => local.Execute(workflow, null, settings, Ct), Ct)
            : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, settings, Ct);
    }

    internal static async Task<WorkflowRunResult> ResumeAsync(BaseRuntime runtime, Workflow workflow, string runId, ResumeSettings? settings)
        => runtime is LocalRuntime local
            ? await Task.Run(() => local.Resume(workflow, runId, settings, Ct), Ct)
            : await ((AsyncLocalRuntime)runtime).ResumeAsync(workflow, runId, settings, Ct);
}
