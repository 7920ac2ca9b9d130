using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using Microsoft.Extensions.Time.Testing;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class CircuitBreakerRuntimeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Breaker_OpensAcrossRuns_RejectsWithoutInvoking_ThenHalfOpensAndCloses(bool sync)
    {
        var time = new FakeTimeProvider();
        using var runtime = Create(sync, new RuntimeOptions { TimeProvider = time, ErrorPolicy = ErrorPolicy.Continue });
        var healthy = false;
        var calls = new Counter();
        var node = new Kailash.Nodes.Code.LambdaNode(
            (_, _) =>
            {
                calls.Increment();
                return healthy ? new Dictionary<string, object?> { ["result"] = "ok" } : throw new InvalidOperationException("service down");
            },
            null,
            ["result"]);
        var workflow = Single("breaker", node, b => b.WithCircuitBreaker("n", new CircuitBreakerPolicyOptions { FailureThreshold = 2, SuccessThreshold = 2, BreakDuration = TimeSpan.FromSeconds(30) }));

        await RunAsync(runtime, workflow, Token);
        await RunAsync(runtime, workflow, Token);
        Assert.Equal(CircuitState.Open, runtime.Enterprise.GetCircuitBreakers().Single().State);

        var (rejected, _) = await RunAsync(runtime, workflow, Token);
        Assert.Equal(ErrorCodes.CircuitOpen, rejected["n"].ErrorCode);
        Assert.Equal(0, rejected["n"].Attempts);
        Assert.Equal(2, calls.Value);
        Assert.Equal(RuntimeHealthStatus.Degraded, runtime.Enterprise.GetHealthStatus());

        time.Advance(TimeSpan.FromSeconds(30));
        healthy = true;
        var (probe, _) = await RunAsync(runtime, workflow, Token);
        Assert.Equal(NodeStatus.Completed, probe["n"].Status);
        Assert.Equal(CircuitState.HalfOpen, runtime.Enterprise.GetCircuitBreakers().Single().State);
        await RunAsync(runtime, workflow, Token);

        var state = runtime.Enterprise.GetCircuitBreakers().Single();
        Assert.Equal(CircuitState.Closed, state.State);
        Assert.Equal("breaker/n", state.Key);
        Assert.Equal(1, state.TimesOpened);
        Assert.Equal(4, calls.Value);
        Assert.Equal(3, runtime.Analytics.GetRuntimeMetrics().CircuitTransitions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SharedKey_OneBreakerForSeveralNodes_AndRetryDoesNotRetryAnOpenCircuit(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var shared = new CircuitBreakerPolicyOptions { FailureThreshold = 2, Key = "database" };
        var calls = new Counter();
        var (result, _) = await RunAsync(runtime, new WorkflowBuilder("shared2")
            .AddNode("a", Failing(() => new IOException("db down"), calls))
            .AddNode("b", Failing(() => new IOException("db down"), calls))
            .WithCircuitBreaker("a", shared)
            .WithCircuitBreaker("b", shared)
            .WithRetry("b", new RetryPolicyOptions { MaxAttempts = 5, BaseDelay = TimeSpan.Zero })
            .Build(), Token);

        Assert.Equal(NodeStatus.Failed, result["a"].Status);
        Assert.Equal(ErrorCodes.CircuitOpen, result["b"].ErrorCode);
        Assert.Equal(1, result["b"].Attempts);
        Assert.Equal(2, calls.Value);
        Assert.Equal("database", Assert.Single(runtime.Enterprise.GetCircuitBreakers()).Key);
    }

    [Fact]
    public async Task HalfOpen_UnderConcurrentLoad_AdmitsExactlyOneProbe()
    {
        var time = new FakeTimeProvider();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { TimeProvider = time, ErrorPolicy = ErrorPolicy.Continue });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var healthy = false;
        var calls = new Counter();
        var node = new Kailash.Nodes.Code.AsyncLambdaNode(
            async (_, _, _) =>
            {
                calls.Increment();
                if (!healthy)
                {
                    throw new InvalidOperationException("down");
                }

                await release.Task;
                return new Dictionary<string, object?> { ["result"] = "ok" };
            },
            null,
            ["result"]);
        var workflow = Single("probe", node, b => b.WithCircuitBreaker("n", new CircuitBreakerPolicyOptions { FailureThreshold = 1, SuccessThreshold = 1, BreakDuration = TimeSpan.FromSeconds(5) }));
        await runtime.ExecuteAsync(workflow, cancellationToken: Token);
        time.Advance(TimeSpan.FromSeconds(5));
        healthy = true;

        var runs = Enumerable.Range(0, 50).Select(_ => runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask()).ToList();
        release.SetResult();
        var results = await Task.WhenAll(runs);

        Assert.Equal(2, calls.Value);
        Assert.Equal(1, results.Count(r => r["n"].Status == NodeStatus.Completed));
        Assert.Equal(49, results.Count(r => r["n"].ErrorCode == ErrorCodes.CircuitOpen));
        Assert.Equal(CircuitState.Closed, runtime.Enterprise.GetCircuitBreakers().Single().State);
    }

    [Fact]
    public void ResetAndIsolate_ControlCircuitsByKey()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = Single("manual", Flaky(0), b => b.WithCircuitBreaker("n"));
        runtime.Execute(workflow, cancellationToken: Token);

        Assert.True(runtime.Enterprise.IsolateCircuitBreaker("manual/n"));
        Assert.Equal(ErrorCodes.CircuitOpen, runtime.Execute(workflow, cancellationToken: Token)["n"].ErrorCode);
        Assert.True(runtime.Enterprise.ResetCircuitBreaker("manual/n"));
        Assert.Equal(NodeStatus.Completed, runtime.Execute(workflow, cancellationToken: Token)["n"].Status);
        Assert.False(runtime.Enterprise.ResetCircuitBreaker("nope"));
    }
}
