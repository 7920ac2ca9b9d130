using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using static Kailash.Tests.Runtime.Analytics.AnalyticsHarness;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Analytics;

public sealed class RetentionTests
{
    [Theory]
    [InlineData(EventRetention.Summary)]
    [InlineData(EventRetention.Full)]
    public async Task RetainedRuns_AreBoundedByMaxRetainedRuns(EventRetention retention)
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { EventRetention = retention, MaxRetainedRuns = 10 });
        var workflow = Loop("bounded", 5);
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            ids.Add((await RunAsync(runtime, workflow)).RunId);
        }

        Assert.Equal(10, runtime.Analytics.GetExecutionAnalytics().RetainedRuns);
        Assert.Null(runtime.Enterprise.GetExecutionMetrics(ids[0]));
        var last = runtime.Enterprise.GetExecutionMetrics(ids[^1])!;
        Assert.Equal(5, last.NodesCompleted);
        Assert.Equal(5, last.CycleIterations["loop"]);
        Assert.Equal(1000, Assert.Single(runtime.Analytics.GetExecutionAnalytics().NodeTypes).Executions);
    }

    [Fact]
    public async Task NoneRetention_KeepsNothingPerRun()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { EventRetention = EventRetention.None });
        var run = await RunAsync(runtime, Loop("none", 3));

        Assert.Equal(0, runtime.Analytics.GetExecutionAnalytics().RetainedRuns);
        Assert.Null(runtime.Enterprise.GetExecutionMetrics(run.RunId));
        Assert.Null(runtime.Analytics.GetExecutionPathDebugInfo(run.RunId));
        Assert.Equal(3, runtime.Analytics.GetRuntimeMetrics().NodesCompleted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FullRetention_KeepsTheExecutionPath(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { EventRetention = EventRetention.Full, ErrorPolicy = ErrorPolicy.Continue });
        var run = await RunAsync(runtime, Mixed("path"));

        var debug = runtime.Analytics.GetExecutionPathDebugInfo(run.RunId)!;

        Assert.Equal(WorkflowRunStatus.Failed, debug.Status);
        Assert.Equal(EventRetention.Full, debug.Retention);
        Assert.Equal(5, debug.Path.Count);
        Assert.Equal(Enumerable.Range(0, 5), debug.Path.Select(e => e.Sequence));
        var flaky = debug.Path.Single(e => e.NodeId == "flaky");
        Assert.Equal((NodeStatus.Completed, 2), (flaky.Status, flaky.Attempts));
        Assert.Equal(SkipReason.UpstreamFailed, debug.Path.Single(e => e.NodeId == "skipped").SkipReason);
        Assert.Equal(ErrorCodes.NodeFailed, debug.Path.Single(e => e.NodeId == "boom").ErrorCode);
        Assert.False(debug.PathTruncated);
    }

    [Fact]
    public void SummaryRetention_HasNoPath()
    {
        using var runtime = new LocalRuntime();
        var run = runtime.Execute(Loop("summary", 2), cancellationToken: TestContext.Current.CancellationToken);

        var debug = runtime.Analytics.GetExecutionPathDebugInfo(run.RunId)!;

        Assert.Empty(debug.Path);
        Assert.Equal(2, debug.CycleIterations["loop"]);
    }

    [Fact]
    public void Path_IsCappedPerRun()
    {
        var state = new RunTelemetryState("r", "w", null, DateTimeOffset.UnixEpoch, keepPath: true, synchronous: true);
        var plan = Kailash.Runtime.Engine.ExecutionPlanBuilder.Build(Loop("cap", 1));
        var result = new NodeResult(NodeStatus.Completed, null, null, SkipReason.None, 1, TimeSpan.Zero);
        for (var i = 0; i < RunTelemetryState.MaxPathEntries + 5; i++)
        {
            state.Count(plan.Nodes[0], result);
        }

        Assert.True(state.PathTruncated);
        Assert.Equal(RunTelemetryState.MaxPathEntries, state.PathSnapshot().Count);
        Assert.Equal(RunTelemetryState.MaxPathEntries + 5, state.Completed);
    }
}
