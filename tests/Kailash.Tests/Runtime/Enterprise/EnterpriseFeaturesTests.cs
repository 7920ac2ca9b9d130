using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Enterprise.Harness;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class EnterpriseFeaturesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void NodeWithoutPolicy_TakesTheDirectPath_NodeWithPolicyGetsAPipeline()
    {
        using var runtime = new LocalRuntime();
        var workflow = new WorkflowBuilder("paths")
            .AddNode("plain", Constant(1L))
            .AddNode("guarded", Constant(2L))
            .WithTimeout("guarded", TimeSpan.FromSeconds(5))
            .Build();

        var plan = runtime.Analytics.GetExecutionPlanCached(workflow);

        Assert.Equal(["guarded"], plan.NodesWithPolicy);
        var cached = runtime.Engine.GetPlan(workflow);
        Assert.False(runtime.Engine.Services.Enterprise.HasPolicy(cached, cached.Nodes[plan.NodeOrder.ToList().IndexOf("plain")]));
    }

    [Fact]
    public void DefaultPolicy_GivesEveryNodeAPipeline()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { DefaultNodeTimeout = TimeSpan.FromSeconds(5) });
        var workflow = new WorkflowBuilder("defaults").AddNode("a", Constant(1L)).AddNode("b", Constant(2L)).Build();

        Assert.Equal(["a", "b"], runtime.Analytics.GetExecutionPlanCached(workflow).NodesWithPolicy);
    }

    [Fact]
    public void GetExecutionMetrics_ForARetainedRun_CountsNodesAndAttempts()
    {
        using var runtime = new LocalRuntime();
        var workflow = new WorkflowBuilder("metrics")
            .AddNode("a", Flaky(1))
            .AddNode("b", AddOne())
            .AddConnection("a", "result", "b", "value")
            .WithRetry("a", new RetryPolicyOptions { BaseDelay = TimeSpan.Zero })
            .Build();

        var run = runtime.Execute(workflow, cancellationToken: Token);
        var metrics = runtime.Enterprise.GetExecutionMetrics(run.RunId)!;

        Assert.Equal(WorkflowRunStatus.Completed, metrics.Status);
        Assert.Equal("metrics", metrics.WorkflowId);
        Assert.Equal(2, metrics.NodesCompleted);
        Assert.Equal(3, metrics.Attempts);
        Assert.Null(runtime.Enterprise.GetExecutionMetrics("no-such-run"));
    }

    [Fact]
    public void PerformanceReport_RecommendsFromMeasuredData()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var flaky = new EveryThirdFails();
        var permanent = Single("permanent", Failing(() => new IOException("gone")), b => b.WithRetry("n", new RetryPolicyOptions { BaseDelay = TimeSpan.Zero }));
        for (var i = 0; i < 30; i++)
        {
            runtime.Execute(new WorkflowBuilder("rebuilt").AddNode("n", flaky).Build(), cancellationToken: Token);
        }

        for (var i = 0; i < 6; i++)
        {
            runtime.Execute(permanent, cancellationToken: Token);
        }

        var report = runtime.Enterprise.GetPerformanceReport();
        var recommendations = runtime.Enterprise.OptimizeRuntimePerformance();

        Assert.Equal(report.Recommendations.Count, recommendations.Count);
        Assert.Contains(recommendations, r => r.Category == "retry" && r.Subject == nameof(EveryThirdFails) && r.Evidence.Contains("10 of 30", StringComparison.Ordinal));
        Assert.Contains(recommendations, r => r.Category == "retry" && r.Subject == "permanent/n" && r.Recommendation.Contains("permanent", StringComparison.Ordinal));
        Assert.Contains(recommendations, r => r.Category == "plan-cache");
        Assert.Equal(6, report.Retry.Exhausted);
        Assert.Equal(36, report.Metrics.RunsStarted);
        Assert.NotEmpty(report.SlowestNodeTypes);
    }

    [Fact]
    public async Task RetryPolicyEngine_IsOnePerRuntime_AndResetClearsMetrics()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero } });
        var engine = runtime.Enterprise.GetRetryPolicyEngine();
        Assert.Same(engine, runtime.Enterprise.GetRetryPolicyEngine());
        Assert.Equal(2, engine.DefaultPolicy!.MaxAttempts);

        await runtime.ExecuteAsync(Single("r", Flaky(1)), cancellationToken: Token);
        Assert.Equal(1, runtime.Enterprise.GetRetryAnalytics().Retries);
        runtime.Enterprise.ResetRetryMetrics();

        var cleared = runtime.Enterprise.GetRetryAnalytics();
        Assert.Equal(0, cleared.Retries);
        Assert.Empty(cleared.RetriesByExceptionType);
    }

    [Fact]
    public void AnalyticsDisabled_OptimizeSaysSo()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { EnableAnalytics = false });

        Assert.Contains(runtime.Enterprise.OptimizeRuntimePerformance(), r => r.Category == "analytics");
        Assert.Equal(RuntimeHealthStatus.Healthy, runtime.Enterprise.GetHealthStatus());
    }

    private sealed class EveryThirdFails : Kailash.Nodes.Node
    {
        private int _calls;

        public override IReadOnlyDictionary<string, object?> Run(Kailash.Nodes.NodeInputs inputs, Kailash.Nodes.NodeContext context)
            => Interlocked.Increment(ref _calls) % 3 == 0 ? throw new InvalidOperationException("every third") : new Dictionary<string, object?> { ["result"] = 1L };
    }
}
