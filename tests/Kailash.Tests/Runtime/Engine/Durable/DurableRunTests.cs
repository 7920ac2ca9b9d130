using System.Collections.Concurrent;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Testing;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine.Durable;

/// <summary>Durable runs on both runtimes: what a run writes, how a crashed run resumes, and the coded refusals.</summary>
public sealed class DurableRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-durable-").FullName;
    private readonly ConcurrentDictionary<string, int> _executions = new(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<bool> Runtimes() => [true, false];

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task A_run_with_a_store_records_every_node_once_with_its_outputs(bool sync)
    {
        await using var store = new SqliteRunStore(Path.Combine(_directory, "runs.db"));
        var result = await RunAsync(sync, Chain(5), store, "chain-run");

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        var run = await store.GetRunAsync("chain-run", Ct);
        Assert.Equal(DurableRunStatus.Completed, run!.Status);
        Assert.Null(run.LeaseOwner);
        Assert.Equal(WorkflowFingerprint.Compute(Chain(5)), run.Fingerprint);
        var rows = await store.GetNodeExecutionsAsync("chain-run", 0, Ct);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(NodeExecutionStatus.Completed, r.Status));
        Assert.Equal("{\"result\":5}", System.Text.Encoding.UTF8.GetString(rows.Single(r => r.NodeId == "n5").Outputs!));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task A_crashed_run_resumes_without_running_completed_nodes_again(bool sync)
    {
        var store = new InMemoryRunStore();
        // 2 commits per node (start, result): n3's start is the 7th commit; the store dies writing its result.
        var crashing = new CrashingRunStore(store, 7);
        var error = await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(sync, Chain(5), crashing, "crash"));
        Assert.Equal(ErrorCodes.StoreUnavailable, error.Code);
        Assert.Equal(4, _executions.Count(e => e.Value == 1));
        Assert.False(_executions.ContainsKey("n4"));

        var resumed = await ResumeAsync(sync, Chain(5), store, "crash");

        Assert.Equal(WorkflowRunStatus.Completed, resumed.Status);
        Assert.Equal(5L, resumed["n5"]["result"]);
        Assert.Equal(1, _executions["n0"]);
        Assert.Equal(1, _executions["n2"]);
        Assert.Equal(2, _executions["n3"]);
        Assert.Equal(1, _executions["n5"]);
        var n3 = (await store.GetNodeExecutionsAsync("crash", 0, Ct)).Single(r => r.NodeId == "n3");
        Assert.Equal(2, n3.Attempt);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task A_node_in_flight_at_the_crash_runs_again_as_the_next_attempt_with_the_same_idempotency_key(bool sync)
    {
        var store = new InMemoryRunStore();
        var keys = new ConcurrentBag<string>();
        Workflow Build() => new WorkflowBuilder("keyed")
            .AddNode("a", Counted("a", 1L))
            .AddNode("b", new LambdaNode((inputs, context) =>
            {
                keys.Add(context.IdempotencyKey);
                return new Dictionary<string, object?> { ["result"] = Count("b") };
            }, [new NodeParameter("value", typeof(long))], ["result"]))
            .AddConnection("a", "result", "b", "value")
            .Build();

        // a: start + result, b: start — then the store dies before b's result.
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(sync, Build(), new CrashingRunStore(store, 3), "keyed-run"));
        var resumed = await ResumeAsync(sync, Build(), store, "keyed-run");

        Assert.Equal(2, resumed["b"]["result"]);
        Assert.Equal(["keyed-run:b:0", "keyed-run:b:0"], keys);
        Assert.Equal(2, (await store.GetNodeExecutionsAsync("keyed-run", 0, Ct)).Single(r => r.NodeId == "b").Attempt);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task A_cycle_interrupted_mid_iteration_resumes_in_that_iteration(bool sync)
    {
        var store = new InMemoryRunStore();
        var uninterrupted = await RunAsync(sync, Loop(), null, "loop-plain");
        _executions.Clear();

        // Each iteration commits 4 rows (two members, start + result): the crash falls inside iteration 3, after 'inc'.
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(sync, Loop(), new CrashingRunStore(store, 10), "loop-run"));
        Assert.Equal(3, _executions["inc"]);
        Assert.Equal(2, _executions["check"]);
        var resumed = await ResumeAsync(sync, Loop(), store, "loop-run");

        Assert.Equal(uninterrupted["check"]["result"], resumed["check"]["result"]);
        Assert.Equal(uninterrupted.Cycles["loop"].Iterations, resumed.Cycles["loop"].Iterations);
        Assert.Equal(uninterrupted.Cycles["loop"].Termination, resumed.Cycles["loop"].Termination);
        Assert.Equal(5, _executions["inc"]);
        Assert.Equal(5, _executions["check"]);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Batched_runs_write_everything_by_the_end_and_resume_too(bool sync)
    {
        var store = new InMemoryRunStore();
        var result = await RunAsync(sync, Chain(20), store, "batched", DurabilityMode.Batched);

        Assert.Equal(20L, result["n20"]["result"]);
        Assert.Equal(21, (await store.GetNodeExecutionsAsync("batched", 0, Ct)).Count(r => r.Status == NodeExecutionStatus.Completed));
        Assert.Equal(DurableRunStatus.Completed, (await store.GetRunAsync("batched", Ct))!.Status);

        var crashed = new InMemoryRunStore();
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(sync, Chain(20), new CrashingRunStore(crashed, 0), "batched-crash", DurabilityMode.Batched));
        var resumed = await ResumeAsync(sync, Chain(20), crashed, "batched-crash");
        Assert.Equal(20L, resumed["n20"]["result"]);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Resume_refuses_unknown_finished_and_changed_runs_with_codes(bool sync)
    {
        var store = new InMemoryRunStore();
        await RunAsync(sync, Chain(2), store, "done");

        var unknown = await Assert.ThrowsAsync<RunStoreException>(() => ResumeAsync(sync, Chain(2), store, "nope"));
        Assert.Equal(ErrorCodes.RunNotFound, unknown.Code);
        var finished = await Assert.ThrowsAsync<KailashException>(() => ResumeAsync(sync, Chain(2), store, "done"));
        Assert.Equal(ErrorCodes.ResumeFinishedRun, finished.Code);

        _executions.Clear();
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(sync, Chain(3), new CrashingRunStore(store, 3), "changed"));
        var drift = await Assert.ThrowsAsync<KailashException>(() => ResumeAsync(sync, Chain(4), store, "changed"));
        Assert.Equal(ErrorCodes.WorkflowDrift, drift.Code);
        var rowsBefore = (await store.GetNodeExecutionsAsync("changed", 0, Ct)).Count;
        Assert.Equal(rowsBefore, (await store.GetNodeExecutionsAsync("changed", 0, Ct)).Count);

        var allowed = await ResumeAsync(sync, Chain(4), store, "changed", allowDrift: true);
        Assert.Equal(4L, allowed["n4"]["result"]);
        Assert.Equal(1, _executions["n0"]);
        Assert.Equal(2, _executions["n1"]);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Resume_refuses_a_run_whose_lease_another_live_process_holds(bool sync)
    {
        var store = new InMemoryRunStore();
        await store.CreateRunAsync(new RunRecord { RunId = "held", WorkflowId = "chain", Fingerprint = WorkflowFingerprint.Compute(Chain(2)), Status = DurableRunStatus.Running }, Ct);
        await store.AcquireLeaseAsync("held", "other-host/1/1", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, Ct);

        var error = await Assert.ThrowsAsync<KailashException>(() => ResumeAsync(sync, Chain(2), store, "held"));

        Assert.Equal(ErrorCodes.RunLeaseHeld, error.Code);
        Assert.Contains("other-host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_without_a_store_is_a_coded_error()
    {
        using var runtime = new LocalRuntime();
        var error = Assert.Throws<KailashException>(() => runtime.Resume("any", cancellationToken: Ct));
        Assert.Equal(ErrorCodes.ResumeUnavailable, error.Code);
    }

    [Fact]
    public async Task A_run_of_a_file_workflow_resumes_from_its_stored_definition()
    {
        var store = new InMemoryRunStore();
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = new Kailash.Security.WorkflowPermissions { AllowCode = true };
        var workflow = Kailash.Workflows.Serialization.WorkflowSerializer.LoadJson("""
            {"workflow_id": "file", "nodes": {"a": {"type": "PythonCodeNode", "config": {"code": "result = 2"}}, "b": {"type": "PythonCodeNode", "config": {"code": "result = value * 21"}}},
             "connections": [{"source_node": "a", "source_output": "result", "target_node": "b", "target_input": "value"}]}
            """, registry);
        var allowCode = new Kailash.Security.WorkflowPermissions { AllowCode = true };
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(true, workflow, new CrashingRunStore(store, 2), "file-run"));

        using var runtime = new LocalRuntime(new RuntimeOptions { RunStore = store, Permissions = allowCode });
        var resumed = runtime.Resume("file-run", cancellationToken: Ct);

        Assert.Equal(42L, Convert.ToInt64(resumed["b"]["result"], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Task<WorkflowRunResult> RunAsync(bool sync, Workflow workflow, IRunStore? store, string runId, DurabilityMode? mode = null)
        => WithRuntime(sync, store, runtime => runtime is LocalRuntime local
            ? Task.FromResult(local.Execute(workflow, null, new RunSettings { RunId = runId, Durability = mode }, Ct))
            : ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, new RunSettings { RunId = runId, Durability = mode }, Ct).AsTask());

    private static Task<WorkflowRunResult> ResumeAsync(bool sync, Workflow workflow, IRunStore store, string runId, bool allowDrift = false)
        => WithRuntime(sync, store, runtime => runtime is LocalRuntime local
            ? Task.FromResult(local.Resume(workflow, runId, new ResumeSettings { AllowDrift = allowDrift }, Ct))
            : ((AsyncLocalRuntime)runtime).ResumeAsync(workflow, runId, new ResumeSettings { AllowDrift = allowDrift }, Ct).AsTask());

    private static async Task<WorkflowRunResult> WithRuntime(bool sync, IRunStore? store, Func<BaseRuntime, Task<WorkflowRunResult>> call)
    {
        var options = new RuntimeOptions { RunStore = store, CheckpointInterval = 3 };
        await using BaseRuntime runtime = sync ? new LocalRuntime(options) : new AsyncLocalRuntime(options);
        return await call(runtime);
    }

    private int Count(string id) => _executions.AddOrUpdate(id, 1, static (_, n) => n + 1);

    private LambdaNode Counted(string id, object? value) => new(_ => { Count(id); return value; });

    private Workflow Chain(int length)
    {
        var builder = new WorkflowBuilder("chain").AddNode("n0", Counted("n0", 0L));
        for (var i = 1; i <= length; i++)
        {
            var id = $"n{i}";
            builder.AddNode(id, new LambdaNode(inputs => { Count(id); return inputs.Get<long>("value") + 1; }, [new NodeParameter("value", typeof(long)) { Required = true }]))
                .AddConnection($"n{i - 1}", "result", id, "value");
        }

        return builder.Build();
    }

    private Workflow Loop() => new WorkflowBuilder("loop")
        .AddNode("inc", new LambdaNode(inputs => { Count("inc"); return (inputs.TryGetValue("value", out var v) && v is long n ? n : 0L) + 1; }, [new NodeParameter("value", typeof(long))]))
        .AddNode("check", new LambdaNode(inputs => { Count("check"); return inputs.Get<long>("value"); }, [new NodeParameter("value", typeof(long)) { Required = true }]))
        .AddConnection("inc", "result", "check", "value")
        .CreateCycle("loop").Connect("check", "inc", new Dictionary<string, string> { ["result"] = "value" }).MaxIterations(5).Build()
        .Build();
}
