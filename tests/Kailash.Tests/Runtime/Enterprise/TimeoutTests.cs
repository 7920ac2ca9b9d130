using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Time.Testing;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class TimeoutTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Starts a run on either runtime (the sync one on a worker thread, since its wait blocks) and returns it.</summary>
    private static Task<(WorkflowRunResult Result, Exception? Thrown)> Start(BaseRuntime runtime, Kailash.Workflows.Workflow workflow, CancellationToken token)
        => runtime is LocalRuntime ? Task.Run(() => RunAsync(runtime, workflow, token), token) : RunAsync(runtime, workflow, token);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NodeTimeout_FailsTheNode_WithCode_NotCancelled(bool sync)
    {
        var time = new FakeTimeProvider();
        using var runtime = Create(sync, new RuntimeOptions { TimeProvider = time, ErrorPolicy = ErrorPolicy.Continue });
        var started = new SemaphoreSlim(0);
        var workflow = Single("timeout", Hanging(started: started), b => b.WithTimeout("n", TimeSpan.FromSeconds(2)));

        var run = Start(runtime, workflow, Token);
        await started.WaitAsync(Token);
        time.Advance(TimeSpan.FromSeconds(2));
        var (result, thrown) = await run;

        Assert.Null(thrown);
        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(NodeStatus.Failed, result["n"].Status);
        Assert.Equal(ErrorCodes.NodeTimedOut, result["n"].ErrorCode);
        Assert.Contains("node timeout of 2 s", result["n"].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, runtime.Analytics.GetRuntimeMetrics().Timeouts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AttemptTimeout_IsRetried_ThenFailsWithCode(bool sync)
    {
        var time = new FakeTimeProvider();
        using var runtime = Create(sync, new RuntimeOptions { TimeProvider = time, ErrorPolicy = ErrorPolicy.Continue });
        var started = new SemaphoreSlim(0);
        var starts = new Counter();
        var workflow = Single(
            "attempt-timeout",
            Hanging(starts, started),
            b => b.WithTimeout("n", null, TimeSpan.FromSeconds(1)).WithRetry("n", new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero }));

        var run = Start(runtime, workflow, Token);
        await started.WaitAsync(Token);
        time.Advance(TimeSpan.FromSeconds(1));
        await started.WaitAsync(Token);
        time.Advance(TimeSpan.FromSeconds(1));
        var (result, _) = await run;

        Assert.Equal(2, starts.Value);
        Assert.Equal(2, result["n"].Attempts);
        Assert.Equal(ErrorCodes.NodeTimedOut, result["n"].ErrorCode);
        Assert.Contains("per-attempt timeout", result["n"].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CancelledRun_IsCancelled_NotATimeout(bool sync)
    {
        using var runtime = Create(sync);
        var started = new SemaphoreSlim(0);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var workflow = Single("cancel", Hanging(started: started), b => b.WithTimeout("n", TimeSpan.FromHours(1)).WithRetry("n", new RetryPolicyOptions { BaseDelay = TimeSpan.Zero }));

        var run = Start(runtime, workflow, cts.Token);
        await started.WaitAsync(Token);
        await cts.CancelAsync();
        var (result, thrown) = await run;

        Assert.IsType<WorkflowCancelledException>(thrown);
        Assert.Equal(NodeStatus.Cancelled, result["n"].Status);
        Assert.Equal(1, result["n"].Attempts);
    }
}
