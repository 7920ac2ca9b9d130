using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests;

/// <summary>
/// <c>WatchAsync</c> and <c>ResumeAsync</c> on a cluster whose silos share a run store: watchers backfill from the store
/// by sequence number then follow the live run, and a run moves between <see cref="AsyncLocalRuntime"/> and the cluster
/// in both directions through the store.
/// </summary>
[Collection(nameof(SharedCluster))]
public sealed class DurableClusterClientTests(DurableClusterFixture fixture) : IClassFixture<DurableClusterFixture>
{
    private static Workflow Gated(string id) => new WorkflowBuilder(id, ClusterNodes.Registry)
        .AddNode("ClusterConstant", "start", new() { ["value"] = 1L })
        .AddNode("ClusterGate", "gated")
        .AddNode("ClusterAddOne", "after")
        .AddConnection("start", "result", "gated", "value")
        .AddConnection("gated", "result", "after", "value")
        .Build();

    private static async Task<List<RunEvent>> CollectAsync(IAsyncEnumerable<RunEvent> events)
    {
        var list = new List<RunEvent>();
        await foreach (var runEvent in events)
        {
            list.Add(runEvent);
        }

        return list;
    }

    [Fact]
    public async Task WatchAsync_AfterTheRun_YieldsItsStoredEvents_FromAnySequenceNumber()
    {
        var runId = "watch-after-" + Guid.NewGuid().ToString("N");
        var seen = new List<RunEvent>();
        await fixture.Runtime.ExecuteAsync(ClusterEventsTests.Chain("watch-after"), null, new RunSettings { RunId = runId, OnEvent = seen.Add }, TestContext.Current.CancellationToken);

        var all = await CollectAsync(fixture.Runtime.WatchAsync(runId, 0, TestContext.Current.CancellationToken));
        var tail = await CollectAsync(fixture.Runtime.WatchAsync(runId, 3, TestContext.Current.CancellationToken));
        var none = await CollectAsync(fixture.Runtime.WatchAsync(runId, seen[^1].Seq, TestContext.Current.CancellationToken));

        Assert.Equal(seen.Select(ClusterEventsTests.Shape), all.Select(ClusterEventsTests.Shape));
        Assert.Equal(seen.Skip(3).Select(ClusterEventsTests.Shape), tail.Select(ClusterEventsTests.Shape));
        Assert.Empty(none);
        ClusterEventsTests.AssertNumbered(all);
    }

    [Fact]
    public async Task WatchAsync_JoiningARunningRun_BackfillsThenFollowsIt_NoGapNoDuplicate()
    {
        var runId = "watch-live-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var seen = new List<RunEvent>();
        try
        {
            var run = fixture.Runtime.ExecuteAsync(Gated("watch-live"), null, new RunSettings { RunId = runId, OnEvent = seen.Add }, TestContext.Current.CancellationToken).AsTask();
            await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var fromStart = CollectAsync(fixture.Runtime.WatchAsync(runId, 0, TestContext.Current.CancellationToken));
            var fromTwo = CollectAsync(fixture.Runtime.WatchAsync(runId, 2, TestContext.Current.CancellationToken));
            await Task.Delay(300, TestContext.Current.CancellationToken);
            gate.Release.TrySetResult();

            var result = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            var watched = await fromStart.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var watchedFromTwo = await fromTwo.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            Assert.Equal(102L, result["after"]["result"]);
            Assert.Equal(seen.Select(ClusterEventsTests.Shape), watched.Select(ClusterEventsTests.Shape));
            Assert.Equal(seen.Skip(2).Select(ClusterEventsTests.Shape), watchedFromTwo.Select(ClusterEventsTests.Shape));
            Assert.IsType<RunCompleted>(watched[^1]);
        }
        finally
        {
            gate.Release.TrySetResult();
        }
    }

    [Fact]
    public async Task WatchAsync_UnknownRun_ThrowsRunNotFound()
    {
        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await CollectAsync(fixture.Runtime.WatchAsync("no-such-run-" + Guid.NewGuid().ToString("N"), 0, TestContext.Current.CancellationToken)));

        Assert.Equal(ErrorCodes.RunNotFound, error.Code);
    }

    [Fact]
    public async Task RunStartedOnAsyncLocalRuntime_IsResumedOnTheCluster_FinishedNodesNotRunAgain()
    {
        var runId = "local-to-cluster-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var workflow = Gated("local-to-cluster");
        await using var local = new AsyncLocalRuntime(new RuntimeOptions { RunStore = fixture.Store });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = local.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, cancel.Token).AsTask();
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        gate.Release.TrySetResult();
        await Assert.ThrowsAsync<WorkflowCancelledException>(() => run);

        var resumedEvents = new List<RunEvent>();
        var result = await fixture.Runtime.ResumeAsync(runId, new ResumeSettings { OnEvent = resumedEvents.Add }, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(102L, result["after"]["result"]);
        var executions = ClusterNodes.Executions(runId);
        Assert.Single(executions, e => e.Node == "start");
        Assert.Single(executions, e => e.Node == "after");
        Assert.NotNull(executions.Single(e => e.Node == "after").Silo);
        Assert.IsType<RunResumed>(resumedEvents[0]);
        Assert.IsType<RunCompleted>(resumedEvents[^1]);
        Assert.DoesNotContain(resumedEvents, e => e is NodeCompleted { NodeId: "start" });
        Assert.Equal(DurableRunStatus.Completed, (await fixture.Store.GetRunAsync(runId, TestContext.Current.CancellationToken))!.Status);

        // One numbering across both parts: the local part ends with its cancellation, the cluster part follows it.
        var localPart = await CollectAsync(fixture.Runtime.WatchAsync(runId, 0, TestContext.Current.CancellationToken));
        var clusterPart = await CollectAsync(fixture.Runtime.WatchAsync(runId, localPart[^1].Seq, TestContext.Current.CancellationToken));
        ClusterEventsTests.AssertNumbered(localPart);
        Assert.IsType<RunCancelled>(localPart[^1]);
        Assert.Equal(resumedEvents.Select(ClusterEventsTests.Shape), clusterPart.Select(ClusterEventsTests.Shape));
        ClusterEventsTests.AssertNumbered(clusterPart, localPart[^1].Seq + 1);
    }

    [Fact]
    public async Task RunStartedOnTheCluster_IsResumedOnAsyncLocalRuntime_FinishedNodesNotRunAgain()
    {
        var runId = "cluster-to-local-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var workflow = Gated("cluster-to-local");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, cancel.Token).AsTask();
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cancel.CancelAsync();
        await Assert.ThrowsAsync<WorkflowCancelledException>(() => run);
        gate.Release.TrySetResult();

        await using var local = new AsyncLocalRuntime(new RuntimeOptions { RunStore = fixture.Store });
        var result = await local.ResumeAsync(runId, new ResumeSettings { Registry = ClusterNodes.Registry }, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(102L, result["after"]["result"]);
        var executions = ClusterNodes.Executions(runId);
        Assert.Single(executions, e => e.Node == "start");
        Assert.Single(executions, e => e.Node == "after");
        Assert.Null(executions.Single(e => e.Node == "after").Silo);

        // Resuming it again, anywhere, is refused as locally: it finished.
        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await fixture.Runtime.ResumeAsync(runId, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCodes.ResumeFinishedRun, error.Code);
    }
}
