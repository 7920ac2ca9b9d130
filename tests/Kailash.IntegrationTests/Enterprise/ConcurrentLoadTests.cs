using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Enterprise;

/// <summary>Resource limits, retries and breakers shared by many concurrent runs of one runtime.</summary>
public sealed class ConcurrentLoadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed class Gauge
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Exit() => Interlocked.Decrement(ref _current);
    }

    private static Workflow FlakyDbWorkflow(Gauge gauge) => new WorkflowBuilder("flaky-db")
        .AddNode("start", new LambdaNode(_ => 1L))
        .AddNode("query", new AsyncLambdaNode(
            async (inputs, context, _) =>
            {
                gauge.Enter();
                try
                {
                    await Task.Yield();
                    if (context.Attempt == 1)
                    {
                        throw new IOException("connection reset");
                    }

                    return new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + context.Attempt };
                }
                finally
                {
                    gauge.Exit();
                }
            },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["result"]))
        .AddConnection("start", "result", "query", "value")
        .WithRetry("query", new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero })
        .UsesResource("query", "db")
        .Build();

    [Fact]
    public async Task AsyncRuntime_200ConcurrentRuns_RetriesAndStaysWithinTheResourceLimit()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { Resources = { ["db"] = new ResourceOptions { MaxConcurrency = 3 } } });
        var gauge = new Gauge();
        var workflow = FlakyDbWorkflow(gauge);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask(), Token)));

        Assert.All(results, r => Assert.Equal((NodeStatus.Completed, 2, 3L), (r["query"].Status, r["query"].Attempts, (long)r["query"]["result"]!)));
        Assert.InRange(gauge.Max, 1, 3);
        var retry = runtime.Enterprise.GetRetryAnalytics();
        Assert.Equal((200L, 200L, 400L), (retry.Executions, retry.SucceededAfterRetry, retry.Attempts));
        Assert.Equal(400, runtime.Enterprise.GetResourceMetrics().Resources[0].TotalGranted);
        Assert.Equal(0, runtime.Enterprise.GetResourceMetrics().InFlightRuns);
    }

    [Fact]
    public async Task SyncRuntime_CalledFromManyThreads_SharesTheResourceLimit()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { Resources = { ["db"] = new ResourceOptions { MaxConcurrency = 2 } } });
        var gauge = new Gauge();
        var workflow = FlakyDbWorkflow(gauge);

        // Callers on dedicated threads: the sync runtime blocks its caller while it waits for a permit, as it should; blocking
        // 64 thread-pool threads instead would starve the pool the async node bodies continue on.
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(
            () => runtime.Execute(workflow, cancellationToken: Token),
            Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.All(results, r => Assert.Equal(2, r["query"].Attempts));
        Assert.InRange(gauge.Max, 1, 2);
    }

    [Fact]
    public async Task Breaker_UnderConcurrentLoad_OpensAndThenRejectsWithoutInvoking()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var invocations = 0;
        var workflow = new WorkflowBuilder("down")
            .AddNode("call", new AsyncLambdaNode(
                async (_, _, _) =>
                {
                    Interlocked.Increment(ref invocations);
                    await Task.Yield();
                    throw new HttpRequestException("503");
                },
                null,
                ["result"]))
            .WithCircuitBreaker("call", new CircuitBreakerPolicyOptions { FailureThreshold = 5, BreakDuration = TimeSpan.FromHours(1) })
            .Build();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask(), Token)));

        var invoked = results.Count(r => r["call"].Attempts == 1);
        var rejected = results.Count(r => r["call"].ErrorCode == ErrorCodes.CircuitOpen);
        Assert.Equal(100, invoked + rejected);
        Assert.Equal(invoked, invocations);
        Assert.InRange(invoked, 5, 100);
        Assert.Equal(CircuitState.Open, runtime.Enterprise.GetCircuitBreakers().Single().State);

        var after = await runtime.ExecuteAsync(workflow, cancellationToken: Token);
        Assert.Equal((ErrorCodes.CircuitOpen, 0), (after["call"].ErrorCode, after["call"].Attempts));
        Assert.Equal(invoked, invocations);
    }
}
