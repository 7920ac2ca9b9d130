using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Analytics.AnalyticsHarness;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Analytics;

public sealed class AggregatesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Aggregates_CountPerNodeTypeAndWorkflow(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = Mixed("agg");
        for (var i = 0; i < 3; i++)
        {
            await RunAsync(runtime, workflow);
        }

        var analytics = runtime.Analytics.GetExecutionAnalytics();
        var lambda = Assert.Single(analytics.NodeTypes);
        Assert.Equal("LambdaNode", lambda.Key);
        Assert.Equal(12, lambda.Executions);
        Assert.Equal(3, lambda.Failures);
        Assert.Equal(3, lambda.Skipped);
        Assert.Equal(0.25, lambda.FailureRate, 3);
        Assert.True(lambda.P50 <= lambda.P95 && lambda.P95 <= lambda.Max);
        var wf = Assert.Single(analytics.Workflows);
        Assert.Equal(("agg", 3L, 3L), (wf.Key, wf.Executions, wf.Failures));
        Assert.Equal(1, analytics.PlanCacheMisses);
        Assert.Equal(2, analytics.PlanCacheHits);
    }

    [Fact]
    public async Task CycleIterations_AreAggregatedPerWorkflow()
    {
        await using var runtime = new AsyncLocalRuntime();
        var workflow = Loop("loop", 4);

        await RunAsync(runtime, workflow);
        await RunAsync(runtime, workflow);

        var wf = Assert.Single(runtime.Analytics.GetExecutionAnalytics().Workflows);
        Assert.Equal(8, wf.CycleIterations);
        Assert.Equal(8, runtime.Analytics.GetRuntimeMetrics().NodesCompleted);
    }

    [Fact]
    public void Percentiles_UseNearestRankOverTheWindow()
    {
        var stats = new ExecutionStats();
        for (var i = 1; i <= 100; i++)
        {
            stats.Record(i / 1000.0, failed: i % 10 == 0);
        }

        var snapshot = stats.Snapshot("k");

        Assert.Equal(TimeSpan.FromMilliseconds(50), snapshot.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(95), snapshot.P95);
        Assert.Equal(TimeSpan.FromMilliseconds(100), snapshot.Max);
        Assert.Equal(10, snapshot.Failures);
    }

    [Fact]
    public void Window_KeepsMemoryConstant_AndKeysAreBounded()
    {
        var stats = new ExecutionStats();
        for (var i = 0; i < ExecutionStats.Window * 3; i++)
        {
            stats.Record(i < ExecutionStats.Window * 2 ? 10 : 1, failed: false);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), stats.Snapshot("k").P95);

        var table = new StatsTable();
        for (var i = 0; i < StatsTable.MaxKeys + 50; i++)
        {
            table.For("type" + i).Record(0.001, false);
        }

        var snapshot = table.Snapshot();
        Assert.Equal(StatsTable.MaxKeys + 1, snapshot.Count);
        Assert.Equal(50, snapshot.Single(s => s.Key == StatsTable.OtherKey).Executions);
    }

    [Fact]
    public void PlanCache_RecordAndClear_AndMonitoringSwitch()
    {
        using var runtime = new LocalRuntime();
        var workflow = new WorkflowBuilder("plan").AddNode("b", Kailash.Tests.TestNodes.Nodes.Constant(1L)).AddNode("a", Kailash.Tests.TestNodes.Nodes.AddOne()).AddConnection("b", "result", "a", "value").Build();

        var first = runtime.Analytics.GetExecutionPlanCached(workflow);
        var second = runtime.Analytics.GetExecutionPlanCached(workflow);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(["b", "a"], second.NodeOrder);

        runtime.Analytics.RecordExecutionPerformance("external", TimeSpan.FromSeconds(2), failed: true);
        runtime.Analytics.SetPerformanceMonitoring(false);
        Assert.False(runtime.Analytics.IsPerformanceMonitoringEnabled);
        runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var analytics = runtime.Analytics.GetExecutionAnalytics();
        var external = Assert.Single(analytics.Workflows);
        Assert.Equal(("external", 1L, TimeSpan.FromSeconds(2)), (external.Key, external.Failures, external.Max));
        Assert.Empty(analytics.NodeTypes);

        runtime.Analytics.ClearAnalyticsData();
        Assert.Empty(runtime.Analytics.GetExecutionAnalytics().Workflows);
        Assert.Equal(1, runtime.Analytics.GetRuntimeMetrics().RunsStarted);
    }
}
