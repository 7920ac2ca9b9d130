using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Enterprise;

/// <summary>
/// Runtime-wide state keyed by workflow id and node id stays bounded when a runtime runs many distinct (generated)
/// workflows: circuit breakers and per-node retry counters keep at most <see cref="RuntimeOptions.MaxTrackedNodes"/>
/// entries each (issue 11). The soak benchmark (<c>SoakBenchmarks</c>) reports the same at 100,000 runs.
/// </summary>
public sealed class BoundedStateTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ManyDistinctWorkflows_KeepBreakersAndRetryCountersUnderTheBound(bool sync)
    {
        var options = new RuntimeOptions
        {
            MaxTrackedNodes = 50,
            DefaultCircuitBreaker = new CircuitBreakerPolicyOptions(),
            DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero },
        };
        using var runtime = Harness.Create(sync, options);
        var policy = runtime.Engine.Services.Enterprise;

        for (var i = 0; i < 400; i++)
        {
            var (result, thrown) = await Harness.RunAsync(runtime, Generated(i), TestContext.Current.CancellationToken);
            Assert.Null(thrown);
            Assert.Equal(i + 1L, result["second"]["result"]);
        }

        Assert.InRange(policy.BreakerCount, 1, 50);
        Assert.InRange(policy.Retry.Metrics.TrackedNodes, 1, 50);
        Assert.InRange(runtime.Enterprise.GetCircuitBreakers().Count, 1, 50);
        Assert.InRange(runtime.Enterprise.GetRetryAnalytics().ByNode.Count, 1, 50);

        // The most recent workflow's state is kept (least recently used is dropped first).
        Assert.True(policy.TryGetBreaker("generated-399/second", out _));
        Assert.Contains("generated-399/second", runtime.Enterprise.GetRetryAnalytics().ByNode.Keys);
    }

    [Fact]
    public void MaxTrackedNodes_OutOfRange_IsRefusedWhenTheRuntimeIsBuilt()
    {
        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { MaxTrackedNodes = 0 }));

        Assert.Contains("MaxTrackedNodes must be between 1 and 10,000,000 (was 0)", error.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimeOptions.DefaultMaxTrackedNodes, new RuntimeOptions().MaxTrackedNodes);
    }

    private static Workflow Generated(int i) => new WorkflowBuilder($"generated-{i}")
        .AddNode("first", new LambdaNode(_ => (long)i))
        .AddNode("second", Kailash.Tests.TestNodes.Nodes.AddOne())
        .AddConnection("first", "result", "second", "value")
        .Build();
}
