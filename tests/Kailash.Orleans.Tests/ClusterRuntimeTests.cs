using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests;

/// <summary>The client API on the 3-silo cluster: results, distribution over silos, and clear refusals of what cannot travel.</summary>
[Collection(nameof(SharedCluster))]
public sealed class ClusterRuntimeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task FanOut_RunsOnTheCluster_StepsSpreadOverSilos_EachNodeOnce()
    {
        var builder = new WorkflowBuilder("fan", ClusterNodes.Registry).AddNode("ClusterConstant", "start", new() { ["value"] = 10L });
        for (var i = 0; i < 12; i++)
        {
            builder.AddNode("ClusterAddOne", $"w{i}").AddConnection("start", "result", $"w{i}", "value");
        }

        var runId = "fan-" + Guid.NewGuid().ToString("N");
        var result = await fixture.Runtime.ExecuteAsync(builder.Build(), null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(runId, result.RunId);
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(11L, result[$"w{i}"]["result"]));
        var executions = ClusterNodes.Executions(runId);
        Assert.Equal(13, executions.Count);
        Assert.Equal(13, executions.Select(e => e.Node).Distinct().Count());
        Assert.True(executions.Select(e => e.Silo).Distinct().Count() > 1, "random placement spread 13 steps over one silo only");
    }

    [Fact]
    public async Task WorkflowWithDelegateNode_IsRefusedWithCode()
    {
        var workflow = new WorkflowBuilder("lambda").AddNode("a", new LambdaNode(_ => 1L)).Build();

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await fixture.Runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ClusterWorkflowNotPortable, error.Code);
        Assert.Contains("LambdaNode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParameterThatIsNotJsonLike_IsRefusedWithCode_NamingIt()
    {
        var workflow = new WorkflowBuilder("p", ClusterNodes.Registry).AddNode("ClusterAddOne", "a").Build();

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await fixture.Runtime.ExecuteAsync(workflow, new Dictionary<string, object?> { ["value"] = new object() }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ClusterValueNotPortable, error.Code);
        Assert.Equal("value", error.Port);
    }

    [Fact]
    public async Task ProgressReceiver_IsRefusedWithCode()
    {
        var workflow = new WorkflowBuilder("p", ClusterNodes.Registry).AddNode("ClusterConstant", "a", new() { ["value"] = 1L }).Build();

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { Progress = new Progress<WorkflowProgress>() }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ClusterSettingNotPortable, error.Code);
    }

    [Fact]
    public async Task FailedNode_UnderStop_ThrowsWorkflowExecutionException_WithTheRemoteError()
    {
        var workflow = new WorkflowBuilder("fail", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "text", new() { ["value"] = "not a number" })
            .AddNode("ClusterAddOne", "a")
            .AddConnection("text", "result", "a", "value")
            .Build();

        var error = await Assert.ThrowsAsync<WorkflowExecutionException>(async () => await fixture.Runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken));

        using var local = new LocalRuntime();
        var expected = Assert.Throws<WorkflowExecutionException>(() => local.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(expected.Code, error.Code);
        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(WorkflowRunStatus.Failed, error.Result.Status);
    }

    [Fact]
    public async Task SameRunIdWithAnotherWorkflow_IsRefusedWithCode()
    {
        var runId = "conflict-" + Guid.NewGuid().ToString("N");
        var first = new WorkflowBuilder("one", ClusterNodes.Registry).AddNode("ClusterConstant", "a", new() { ["value"] = 1L }).Build();
        var second = new WorkflowBuilder("two", ClusterNodes.Registry).AddNode("ClusterConstant", "a", new() { ["value"] = 2L }).Build();
        await fixture.Runtime.ExecuteAsync(first, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await fixture.Runtime.ExecuteAsync(second, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ClusterRunConflict, error.Code);
    }

    [Fact]
    public async Task CancelledCall_CancelsTheRunOnTheCluster_AndThrowsWithThePartialResult()
    {
        var runId = "cancel-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var workflow = new WorkflowBuilder("cancel", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "start", new() { ["value"] = 1L })
            .AddNode("ClusterGate", "blocked")
            .AddConnection("start", "result", "blocked", "value")
            .Build();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var run = fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, cancel.Token).AsTask();
            await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await cancel.CancelAsync();

            var thrown = await Record.ExceptionAsync(() => run);

            var error = Assert.IsType<WorkflowCancelledException>(thrown, exactMatch: false);
            var statuses = string.Join(", ", error.Result.Results.Select(r => $"{r.Key}={r.Value.Status}/{r.Value.Error?.Message}"));
            Assert.True(error.Result.Status == WorkflowRunStatus.Cancelled, statuses);
            Assert.True(error.Result.Results["start"].Status == NodeStatus.Completed, statuses);
            Assert.True(error.Result.Results["blocked"].Status == NodeStatus.Cancelled, statuses);
        }
        finally
        {
            gate.Release.TrySetResult();
        }
    }
}
