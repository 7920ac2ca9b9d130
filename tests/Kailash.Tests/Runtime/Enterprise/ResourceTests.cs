using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class ResourceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrencyLimit_IsNeverExceeded_Under200ConcurrentRuns()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { Resources = { ["db"] = new ResourceOptions { MaxConcurrency = 4 } } });
        var current = 0;
        var max = 0;
        var node = new AsyncLambdaNode(
            async (_, _, _) =>
            {
                var now = Interlocked.Increment(ref current);
                int seen;
                while ((seen = Volatile.Read(ref max)) < now && Interlocked.CompareExchange(ref max, now, seen) != seen)
                {
                }

                for (var i = 0; i < 5; i++)
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref current);
                return new Dictionary<string, object?> { ["result"] = 1L };
            },
            null,
            ["result"]);
        var workflow = Single("db-load", node, b => b.UsesResource("n", "db"));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask(), Token)));

        Assert.All(results, r => Assert.Equal(NodeStatus.Completed, r["n"].Status));
        Assert.InRange(max, 1, 4);
        var db = Assert.Single(runtime.Enterprise.GetResourceMetrics().Resources);
        Assert.Equal(0, db.InUse);
        Assert.Equal(200, db.TotalGranted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FullQueue_RejectsTheNodeWithCode(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue, Resources = { ["api"] = new ResourceOptions { MaxConcurrency = 1, QueueLimit = 0 } } });
        var started = new SemaphoreSlim(0);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = new AsyncLambdaNode(
            async (_, _, _) =>
            {
                started.Release();
                await gate.Task;
                return new Dictionary<string, object?> { ["result"] = 1L };
            },
            null,
            ["result"]);
        var holding = Single("holder", holder, b => b.UsesResource("n", "api"));
        var other = Single("other", Flaky(0), b => b.UsesResource("n", "api"));

        var first = runtime is LocalRuntime ? Task.Run(() => RunAsync(runtime, holding, Token), Token) : RunAsync(runtime, holding, Token);
        await started.WaitAsync(Token);
        var (rejected, _) = await RunAsync(runtime, other, Token);
        gate.SetResult();
        var (held, _) = await first;

        Assert.Equal(ErrorCodes.ResourceLimitReached, rejected["n"].ErrorCode);
        Assert.Equal("api", ((KailashException)rejected["n"].Error!).Port);
        Assert.Equal(NodeStatus.Completed, held["n"].Status);
        Assert.Equal(1, runtime.Enterprise.GetResourceMetrics().Resources[0].TotalRejected);
    }

    [Fact]
    public async Task RateLimit_IsReplenishedByTheRuntimeClock()
    {
        var time = new ObservableTimeProvider();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions
        {
            TimeProvider = time,
            Resources = { ["quota"] = new ResourceOptions { RateLimit = 2, RatePeriod = TimeSpan.FromSeconds(1) } },
        });
        var workflow = Single("rate", Flaky(0), b => b.UsesResource("n", "quota"));

        await runtime.ExecuteAsync(workflow, cancellationToken: Token);
        await runtime.ExecuteAsync(workflow, cancellationToken: Token);
        var third = runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(1, runtime.Enterprise.GetResourceMetrics().Resources[0].Queued);

        time.Advance(TimeSpan.FromSeconds(1));
        var result = await third;

        Assert.Equal(NodeStatus.Completed, result["n"].Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MaxConcurrentRuns_RejectsExtraRunsBeforeTheyStart_AndReleasesSlots(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 1 } });
        var started = new SemaphoreSlim(0);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new Counter();
        var blocking = Single("blocking", new AsyncLambdaNode(
            async (_, _, _) =>
            {
                started.Release();
                await gate.Task;
                return new Dictionary<string, object?> { ["result"] = 1L };
            },
            null,
            ["result"]));
        var quick = Single("quick", Flaky(0, calls: calls));

        var first = runtime is LocalRuntime ? Task.Run(() => RunAsync(runtime, blocking, Token), Token) : RunAsync(runtime, blocking, Token);
        await started.WaitAsync(Token);
        var ex = await Assert.ThrowsAsync<ResourceLimitExceededException>(() => RunAsync(runtime, quick, Token));
        Assert.Equal(ErrorCodes.ResourceLimitReached, ex.Code);
        Assert.Equal(nameof(ResourceLimits.MaxConcurrentRuns), ex.Limit);
        Assert.Equal(0, calls.Value);
        Assert.Equal(RuntimeHealthStatus.Degraded, runtime.Enterprise.GetHealthStatus());

        gate.SetResult();
        await first;
        var (after, _) = await RunAsync(runtime, quick, Token);
        Assert.Equal(NodeStatus.Completed, after["n"].Status);
        Assert.Equal(0, runtime.Enterprise.GetResourceMetrics().InFlightRuns);
        Assert.Equal(1, runtime.Enterprise.GetResourceMetrics().RejectedRuns);
    }

    [Fact]
    public async Task FailedRuns_ReleaseTheirSlot()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 1 } });
        var workflow = Single("failing", Failing(() => new InvalidOperationException("boom")));

        for (var i = 0; i < 3; i++)
        {
            var (_, thrown) = await RunAsync(runtime, workflow, Token);
            Assert.IsType<WorkflowExecutionException>(thrown);
        }

        Assert.Equal(0, runtime.Enterprise.GetResourceMetrics().InFlightRuns);
    }

    [Fact]
    public void MemoryLimit_RejectsWhenTheHeapIsAboveIt()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ResourceLimits = new ResourceLimits { MaxMemoryBytes = 1 } });

        var ex = Assert.Throws<ResourceLimitExceededException>(() => runtime.Execute(Single("mem", Flaky(0)), cancellationToken: Token));
        Assert.Equal(nameof(ResourceLimits.MaxMemoryBytes), ex.Limit);
        Assert.Contains("MaxMemoryBytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnknownResource_FailsTheNodeWithCodeAndSuggestion(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue, Resources = { ["database"] = new ResourceOptions { MaxConcurrency = 2 } } });
        var workflow = Single("unknown", Flaky(0), b => b.UsesResource("n", "databse"));

        var (result, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal(ErrorCodes.InvalidResiliencePolicy, result["n"].ErrorCode);
        Assert.Contains("Did you mean 'database'", result["n"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptions_AreReportedTogether()
    {
        var options = new RuntimeOptions
        {
            DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 0 },
            DefaultNodeTimeout = TimeSpan.FromMilliseconds(1),
            ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 0 },
            Resources = { ["empty"] = new ResourceOptions() },
            MaxRetainedRuns = 0,
        };

        var ex = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(options));

        Assert.True(ex.Errors.Count >= 5, string.Join(Environment.NewLine, ex.Errors));
    }
}
