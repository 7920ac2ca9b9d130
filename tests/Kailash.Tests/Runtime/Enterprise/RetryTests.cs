using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class RetryTests
{
    private static readonly RetryPolicyOptions NoDelay = new() { MaxAttempts = 3, BaseDelay = TimeSpan.Zero };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FlakyNode_SucceedsAfterRetries_WithAttemptsRecorded(bool sync)
    {
        using var runtime = Create(sync);
        var workflow = Single("flaky", Flaky(2), b => b.WithRetry("n", NoDelay));

        var (result, thrown) = await RunAsync(runtime, workflow, Token);

        Assert.Null(thrown);
        Assert.Equal(NodeStatus.Completed, result["n"].Status);
        Assert.Equal(3, result["n"].Attempts);
        Assert.Equal(3L, result["n"]["result"]);
        var analytics = runtime.Enterprise.GetRetryAnalytics();
        Assert.Equal(2, analytics.Retries);
        Assert.Equal(1, analytics.SucceededAfterRetry);
        Assert.Equal(2, analytics.RetriesByExceptionType[typeof(InvalidOperationException).FullName!]);
        Assert.Equal(3, analytics.ByNode["flaky/n"].Attempts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AlwaysFailingNode_ExhaustsAttempts_WithTheUsersException(bool sync)
    {
        using var runtime = Create(sync);
        var calls = new Counter();
        var workflow = Single("exhaust", Failing(() => new TimeoutException("still down"), calls), b => b.WithRetry("n", NoDelay));

        var (result, thrown) = await RunAsync(runtime, workflow, Token);

        var failure = Assert.IsType<WorkflowExecutionException>(thrown);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(NodeStatus.Failed, result["n"].Status);
        Assert.Equal(3, result["n"].Attempts);
        Assert.Equal(3, calls.Value);
        Assert.Equal("still down", result["n"].Error!.Message);
        Assert.Equal(ErrorCodes.NodeFailed, result["n"].ErrorCode);
        Assert.Equal(1, runtime.Enterprise.GetRetryAnalytics().Exhausted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NonRetriableError_FailsAtOnce(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var calls = new Counter();
        var workflow = Single("non-retriable", Failing(() => new ArgumentException("bad input"), calls), b => b.WithRetry("n", NoDelay));

        var (result, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal(1, result["n"].Attempts);
        Assert.Equal(1, calls.Value);
        Assert.IsType<ArgumentException>(result["n"].Error);
        Assert.Equal(1, runtime.Enterprise.GetRetryAnalytics().NotRetried);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddRetriableException_MakesABuiltInNonRetriableTypeRetriable(bool sync)
    {
        using var runtime = Create(sync);
        runtime.Enterprise.AddRetriableException<ArgumentException>();
        var workflow = Single("made-retriable", Flaky(1, _ => new ArgumentException("once")), b => b.WithRetry("n", NoDelay));

        var (result, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal(2, result["n"].Attempts);
        Assert.Equal(NodeStatus.Completed, result["n"].Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DefaultRetryPolicy_AppliesToEveryNode_UnlessItOptsOut(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { DefaultRetryPolicy = NoDelay, ErrorPolicy = ErrorPolicy.Continue });
        var workflow = new WorkflowBuilder("defaults")
            .AddNode("a", Flaky(1))
            .AddNode("b", Flaky(1))
            .WithoutRetry("b")
            .Build();

        var (result, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal((NodeStatus.Completed, 2), (result["a"].Status, result["a"].Attempts));
        Assert.Equal((NodeStatus.Failed, 1), (result["b"].Status, result["b"].Attempts));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NamedStrategy_RegisteredAfterTheFirstRun_IsPickedUp(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = Single("named", Flaky(2), b => b.WithRetry("n", "db"));

        var (first, _) = await RunAsync(runtime, workflow, Token);
        Assert.Equal(ErrorCodes.InvalidResiliencePolicy, first["n"].ErrorCode);
        Assert.Equal(0, first["n"].Attempts);
        Assert.Contains("RegisterRetryStrategy", first["n"].Error!.Message, StringComparison.Ordinal);

        runtime.Enterprise.RegisterRetryStrategy("db", new RetryPolicyOptions { MaxAttempts = 5, BaseDelay = TimeSpan.Zero });
        var (second, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal((NodeStatus.Completed, 3), (second["n"].Status, second["n"].Attempts));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FileShapedPolicy_InExtensions_IsApplied(bool sync)
    {
        using var runtime = Create(sync);
        var workflow = new WorkflowBuilder("from-file")
            .AddNode("n", Flaky(3))
            .SetNodeExtension("n", "retry", new Dictionary<string, object?> { ["max_attempts"] = 4L, ["base_delay_ms"] = 0L, ["backoff"] = "constant" })
            .Build();

        var (result, _) = await RunAsync(runtime, workflow, Token);

        Assert.Equal((NodeStatus.Completed, 4), (result["n"].Status, result["n"].Attempts));
    }

    [Fact]
    public async Task RetryDelays_UseTheRuntimeClock_AsyncRuntime()
    {
        var time = new ObservableTimeProvider();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { TimeProvider = time });
        var calls = new Counter();
        var workflow = Single("delays", Flaky(2, calls: calls), b => b.WithRetry("n", new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromSeconds(1), UseJitter = false }));

        var run = runtime.ExecuteAsync(workflow, cancellationToken: Token).AsTask();
        await time.TimerCreated.WaitAsync(Token);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, calls.Value);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await time.TimerCreated.WaitAsync(Token);
        Assert.Equal(2, calls.Value);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run;

        Assert.Equal(3, calls.Value);
        Assert.Equal(3, result["n"].Attempts);
    }

    [Fact]
    public async Task RetryDelays_BlockInPlace_SyncRuntime()
    {
        var time = new ObservableTimeProvider();
        using var runtime = new LocalRuntime(new RuntimeOptions { TimeProvider = time });
        var calls = new Counter();
        var workflow = Single("sync-delay", Flaky(1, calls: calls), b => b.WithRetry("n", new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromSeconds(5), UseJitter = false }));

        var run = Task.Run(() => runtime.Execute(workflow, cancellationToken: Token), Token);
        await time.TimerCreated.WaitAsync(Token);
        Assert.False(run.IsCompleted);
        Assert.Equal(1, calls.Value);
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await run;

        Assert.Equal(2, result["n"].Attempts);
        Assert.Equal(2, calls.Value);
    }

    private static Workflow Guarded(Func<int, int> onAttempt)
        => Single(
            "guarded",
            new Kailash.Nodes.Code.LambdaNode(
                (_, context) =>
                {
                    onAttempt(Environment.CurrentManagedThreadId);
                    return context.Attempt < 3 ? throw new InvalidOperationException("again") : new Dictionary<string, object?> { ["result"] = 1L };
                },
                null,
                ["result"]),
            b => b.WithRetry("n", NoDelay).WithCircuitBreaker("n").UsesResource("n", "db"));

    // A node with a timeout is the exception: its body runs on a pool thread so the deadline can abandon it
    // (docs/architecture/decisions/hardening.md); DeadlineTests cover that path.

    private static RuntimeOptions WithDb() => new() { Resources = { ["db"] = new ResourceOptions { MaxConcurrency = 2, RateLimit = 100 } } };

    [Fact]
    public void SyncRuntime_RunsEveryAttemptOnTheCallingThread_WhenNoDeadlineApplies()
    {
        using var runtime = new LocalRuntime(WithDb());
        var threads = new List<int>();

        var result = runtime.Execute(Guarded(id =>
        {
            threads.Add(id);
            return id;
        }), cancellationToken: Token);

        Assert.Equal(3, result["n"].Attempts);
        Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], threads);
    }

    [Fact]
    public async Task AsyncRuntime_SyncNodeUnderAPolicyWithoutDeadline_CompletesSynchronously()
    {
        await using var runtime = new AsyncLocalRuntime(WithDb());

        var pending = runtime.ExecuteAsync(Guarded(id => id), cancellationToken: Token);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(3, (await pending)["n"].Attempts);
    }
}
