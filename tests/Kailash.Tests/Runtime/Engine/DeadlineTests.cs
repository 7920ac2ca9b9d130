using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>
/// Deadlines hold even when a node ignores its cancellation token: the node is abandoned at the deadline (recorded
/// cancelled for a run timeout, failed with KWF060 for a node timeout) and its late result is discarded.
/// </summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    public static TheoryData<bool, bool> Cases => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RunTimeout_AbandonsANodeThatIgnoresItsToken(bool sync, bool asyncNode)
    {
        using var release = new ManualResetEventSlim();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<NodeCompletedEvent>();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunTimeout = TimeSpan.FromMilliseconds(100) });
        using var subscription = runtime.Analytics.OnNodeCompleted(e => { lock (events) { events.Add(e); } });
        var workflow = new WorkflowBuilder("deadline")
            .AddNode("slow", Stubborn(release, finished, asyncNode))
            .AddNode("after", new LambdaNode(inputs => inputs["value"], [new NodeParameter("value", typeof(object))]))
            .AddConnection("slow", "result", "after", "value")
            .Build();

        var (result, thrown) = await Harness.RunAsync(runtime, workflow, TestContext.Current.CancellationToken);

        var cancelled = Assert.IsType<WorkflowCancelledException>(thrown);
        Assert.StartsWith(ErrorCodes.Cancelled, cancelled.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowRunStatus.Cancelled, result.Status);
        Assert.Equal(NodeStatus.Cancelled, result["slow"].Status);
        Assert.Equal(NodeStatus.Cancelled, result["after"].Status);
        Assert.False(finished.Task.IsCompleted, "the run returned before the abandoned node finished");

        // The abandoned node finishes later: its result is discarded, nothing about it is reported again.
        release.Set();
        await finished.Task.WaitAsync(Hold, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(NodeStatus.Cancelled, result["slow"].Status);
        lock (events)
        {
            Assert.Single(events, e => e.NodeId == "slow");
            Assert.DoesNotContain(events, e => e.Status == NodeStatus.Completed);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NodeTimeout_AbandonsANodeThatIgnoresItsToken_WithKWF060(bool sync, bool asyncNode)
    {
        using var release = new ManualResetEventSlim();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var runtime = Harness.Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = new WorkflowBuilder("node-deadline")
            .AddNode("slow", Stubborn(release, finished, asyncNode))
            .WithTimeout("slow", TimeSpan.FromMilliseconds(100))
            .Build();

        var (result, thrown) = await Harness.RunAsync(runtime, workflow, TestContext.Current.CancellationToken);

        Assert.Null(thrown);
        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(NodeStatus.Failed, result["slow"].Status);
        Assert.Equal(ErrorCodes.NodeTimedOut, result["slow"].ErrorCode);
        Assert.False(finished.Task.IsCompleted, "the run returned before the abandoned node finished");
        release.Set();
        await finished.Task.WaitAsync(Hold, TestContext.Current.CancellationToken);
        Assert.Equal(NodeStatus.Failed, result["slow"].Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NodesThatFinishInTime_AreUnaffectedByADeadline(bool sync)
    {
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunTimeout = TimeSpan.FromMinutes(5) });
        var workflow = new WorkflowBuilder("in-time")
            .AddNode("a", new LambdaNode(_ => 20L))
            .AddNode("b", new LambdaNode(inputs => inputs.Get<long>("value") + 1, [new NodeParameter("value", typeof(long))]))
            .AddConnection("a", "result", "b", "value")
            .WithTimeout("b", TimeSpan.FromMinutes(1))
            .Build();

        var (result, thrown) = await Harness.RunAsync(runtime, workflow, TestContext.Current.CancellationToken);

        Assert.Null(thrown);
        Assert.Equal(21L, result["b"]["result"]);
    }

    /// <summary>A node that ignores its token and blocks (synchronously, or awaiting without the token) until released.</summary>
    private static Node Stubborn(ManualResetEventSlim release, TaskCompletionSource finished, bool asyncNode)
        => asyncNode
            ? new AsyncLambdaNode(async (_, _, _) =>
            {
                try
                {
                    await Task.Run(() => release.Wait(Hold), CancellationToken.None);
                    return new Dictionary<string, object?> { ["result"] = "late" };
                }
                finally
                {
                    finished.TrySetResult();
                }
            })
            : new LambdaNode((_, _) =>
            {
                try
                {
                    release.Wait(Hold);
                    return new Dictionary<string, object?> { ["result"] = "late" };
                }
                finally
                {
                    finished.TrySetResult();
                }
            }, null, ["result"]);
}
