using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Runtime;

public sealed class RuntimeTests
{
    [Fact]
    public void Options_AreValidatedOnce_WithAllErrorsTogether()
    {
        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { MaxConcurrency = 0, MaxSteps = 0, RunTimeout = TimeSpan.FromSeconds(-1) }));

        Assert.Equal(3, error.Errors.Count);
        Assert.StartsWith(ErrorCodes.InvalidOptions, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Errors, e => e.Contains("MaxConcurrency", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_AreCopied_SoLaterChangesDoNotAffectTheRuntime()
    {
        var options = new RuntimeOptions { MaxConcurrency = 4 };
        using var runtime = new AsyncLocalRuntime(options);
        options.MaxConcurrency = 0;

        Assert.Equal(4, runtime.Options.MaxConcurrency);
    }

    [Fact]
    public void Execute_AfterDispose_Throws()
    {
        var runtime = new LocalRuntime();
        runtime.Dispose();

        Assert.True(runtime.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => runtime.Execute(Single(), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Result_DeconstructsAndIndexes()
    {
        using var runtime = new LocalRuntime();
        var run = runtime.Execute(Single(), cancellationToken: TestContext.Current.CancellationToken);
        var (results, runId) = run;

        Assert.Equal(run.RunId, runId);
        Assert.Same(run.Results, results);
        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        Assert.Equal(7L, run["only"]["result"]);
        Assert.Equal(1, run["only"].Attempts);
        Assert.True(Guid.TryParse(runId, out _));
        var missingNode = Assert.Throws<KeyNotFoundException>(() => run["onyl"]);
        Assert.Contains("Did you mean 'only'?", missingNode.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => run["only"]["nope"]);
    }

    [Fact]
    public void RunSettings_SetRunIdAndUserContext()
    {
        UserContext? seen = null;
        var workflow = new WorkflowBuilder("wf").AddNode("n", new LambdaNode((_, context) =>
        {
            seen = context.UserContext;
            return new Dictionary<string, object?>();
        })).Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { UserContext = new UserContext("default") });

        var run = runtime.Execute(workflow, null, new RunSettings { RunId = "run-1", UserContext = new UserContext("alice") { Roles = ["admin"] } }, TestContext.Current.CancellationToken);

        Assert.Equal("run-1", run.RunId);
        Assert.Equal("alice", seen!.UserId);
        runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("default", seen!.UserId);
    }

    [Fact]
    public void NodeFailure_ThrowsWithNodeUserExceptionAndPartialResult()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("ok", Constant(1L))
            .AddNode("boom", new LambdaNode(_ => throw new FormatException("bad data")))
            .AddConnection("ok", "result", "boom", "value")
            .Build();
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("boom", error.NodeId);
        Assert.Equal("LambdaNode", error.NodeType);
        Assert.IsType<FormatException>(error.InnerException);
        Assert.Equal(ErrorCodes.NodeFailed, error.Code);
        Assert.Contains("Node 'boom' (LambdaNode) failed: bad data", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, error.Result["ok"]["result"]);
        Assert.Same(error.InnerException, error.Result["boom"].Error);
    }

    [Fact]
    public async Task Cancellation_ReachesNodes_AndGivesCancelledResult()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = new TaskCompletionSource();
        var workflow = new WorkflowBuilder("wf")
            .AddNode("wait", new AsyncLambdaNode(async (_, _, token) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return new Dictionary<string, object?>();
            }))
            .AddNode("after", Constant(1L))
            .AddConnection("wait", "result", "after", "value")
            .Build();
        await using var runtime = new AsyncLocalRuntime();

        var pending = runtime.ExecuteAsync(workflow, cancellationToken: cts.Token).AsTask();
        await started.Task;
        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<WorkflowCancelledException>(() => pending);

        Assert.Equal(WorkflowRunStatus.Cancelled, error.Result.Status);
        Assert.Equal(NodeStatus.Cancelled, error.Result["wait"].Status);
        Assert.Equal(NodeStatus.Cancelled, error.Result["after"].Status);
        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public void RunTimeout_CancelsTheRun()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("wait", new AsyncLambdaNode(async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return new Dictionary<string, object?>();
            }))
            .Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { RunTimeout = TimeSpan.FromMilliseconds(50) });

        var error = Assert.Throws<WorkflowCancelledException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(NodeStatus.Cancelled, error.Result["wait"].Status);
    }

    [Fact]
    public void SyncRuntime_RunsAsyncNodes_InPlace()
    {
        var thread = Environment.CurrentManagedThreadId;
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", new AsyncLambdaNode(async (_, context, token) =>
            {
                await Task.Yield();
                return new Dictionary<string, object?> { ["result"] = context.IsSynchronous };
            }))
            .AddNode("b", new LambdaNode((_, _) => new Dictionary<string, object?> { ["thread"] = Environment.CurrentManagedThreadId }))
            .AddConnection("a", "result", "b", "flag")
            .Build();
        using var runtime = new LocalRuntime();

        var run = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(true, run["a"]["result"]);
        Assert.Equal(thread, run["b"]["thread"]);
    }

    [Fact]
    public async Task AsyncRuntime_AllSyncNodes_CompletesSynchronously()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Constant(1L)).AddNode("b", AddOne()).AddConnection("a", "result", "b", "value").Build();
        using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });

        var pending = runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(2L, (await pending)["b"]["result"]);
    }

    [Fact]
    public async Task OneRuntime_RunsManyWorkflowsConcurrently_WithoutSharingState()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", new AsyncLambdaNode(async (inputs, _, token) =>
            {
                await Task.Delay(1, token);
                return new Dictionary<string, object?> { ["result"] = inputs.Get<long>("seed") * 2 };
            }, [new NodeParameter("seed", typeof(long)) { Required = true }], ["result"]))
            .AddNode("b", AddOne())
            .AddConnection("a", "result", "b", "value")
            .Build();
        await using var runtime = new AsyncLocalRuntime();

        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => runtime.ExecuteAsync(workflow, new Dictionary<string, object?> { ["seed"] = (long)i }, TestContext.Current.CancellationToken).AsTask()));

        for (var i = 0; i < runs.Length; i++)
        {
            Assert.Equal((i * 2L) + 1, runs[i]["b"]["result"]);
        }

        Assert.Equal(50, runs.Select(r => r.RunId).Distinct().Count());
    }

    [Fact]
    public void StepBudget_FailsLoudly()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Constant(1L)).AddNode("b", AddOne()).AddNode("c", AddOne())
            .AddConnection("a", "result", "b", "value").AddConnection("b", "result", "c", "value").Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { MaxSteps = 2 });

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.StepBudgetExceeded, error.Code);
        Assert.Equal("c", error.NodeId);
    }

    [Fact]
    public void ConflictingLiveInputs_FailTheNode()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Constant(1L)).AddNode("b", Constant(2L)).AddNode("c", AddOne())
            .AddConnection("a", "result", "c", "value").AddConnection("b", "result", "c", "value").Build();
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ConflictingInputs, error.Code);
        Assert.Equal("value", error.Port);
    }

    private static Workflow Single() => new WorkflowBuilder("wf").AddNode("only", Constant(7L)).Build();
}
