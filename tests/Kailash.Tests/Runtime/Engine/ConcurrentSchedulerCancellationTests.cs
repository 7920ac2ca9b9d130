using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>
/// The concurrent scheduler waits for unit completions with the run's token: when the run is cancelled, the units still
/// queued are recorded cancelled at once (not when a running unit happens to finish), while the units already running
/// keep their real outcome (no result is lost).
/// </summary>
public sealed class ConcurrentSchedulerCancellationTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task CancellingTheRun_RecordsQueuedUnitsCancelledAtOnce_WhileRunningUnitsKeepTheirOutcome()
    {
        using var release = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var queuedCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 2 });
        var builder = new WorkflowBuilder("cancel-wakes-scheduler");
        for (var i = 0; i < 3; i++)
        {
            builder.AddNode($"n{i}", new AsyncLambdaNode(async (_, _, _) =>
            {
                started.Release();
                await Task.Run(() => release.Wait(Hold), CancellationToken.None);
                return new Dictionary<string, object?> { ["result"] = true };
            }));
        }

        void OnEvent(RunEvent e)
        {
            if (e is NodeFailed failed && failed.NodeId == "n2")
            {
                queuedCancelled.TrySetResult();
            }
        }

        var run = runtime.ExecuteAsync(builder.Build(), null, new RunSettings { OnEvent = OnEvent }, cancel.Token).AsTask();
        await started.WaitAsync(Hold, TestContext.Current.CancellationToken);
        await started.WaitAsync(Hold, TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        // The queued node is recorded cancelled while both running nodes are still blocked.
        await queuedCancelled.Task.WaitAsync(Hold, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted, "the running units are still awaited");

        release.Set();
        var thrown = await Assert.ThrowsAsync<WorkflowCancelledException>(() => run);
        Assert.Equal(NodeStatus.Completed, thrown.Result["n0"].Status);
        Assert.Equal(NodeStatus.Completed, thrown.Result["n1"].Status);
        Assert.Equal(NodeStatus.Cancelled, thrown.Result["n2"].Status);
        Assert.Equal(0, started.CurrentCount);
    }
}
