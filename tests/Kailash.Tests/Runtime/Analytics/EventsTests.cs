using System.Collections.Concurrent;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Microsoft.Extensions.Logging;
using static Kailash.Tests.Runtime.Analytics.AnalyticsHarness;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Analytics;

public sealed class EventsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OnNodeCompleted_SeesEveryNodeWithItsStatus_AndOnRunCompletedFiresBeforeReturn(bool sync)
    {
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var nodes = new ConcurrentQueue<NodeCompletedEvent>();
        RunCompletedEvent? completed = null;
        using var nodeSubscription = runtime.Analytics.OnNodeCompleted(nodes.Enqueue);
        using var runSubscription = runtime.Analytics.OnRunCompleted(e => completed = e);

        var run = await RunAsync(runtime, Mixed("events"));

        Assert.Equal(5, nodes.Count);
        var byId = nodes.ToDictionary(e => e.NodeId);
        Assert.Equal((NodeStatus.Completed, 2), (byId["flaky"].Status, byId["flaky"].Attempts));
        Assert.Equal(NodeStatus.Failed, byId["boom"].Status);
        Assert.IsType<InvalidOperationException>(byId["boom"].Error);
        Assert.Equal(SkipReason.UpstreamFailed, byId["skipped"].SkipReason);
        Assert.Empty(byId["after"].Outputs);
        Assert.NotNull(completed);
        Assert.Same(run, completed.Result);
        Assert.Equal(WorkflowRunStatus.Failed, completed.Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThrowingHandlers_AreLogged_AndNeverBreakTheRun(bool sync)
    {
        var logs = new CapturingLoggerFactory();
        using var runtime = Create(sync, new RuntimeOptions { LoggerFactory = logs });
        var asyncCalls = 0;
        using var a = runtime.Analytics.OnNodeCompleted(_ => throw new InvalidOperationException("sync handler bug"));
        using var b = runtime.Analytics.OnNodeCompleted(_ =>
        {
            Interlocked.Increment(ref asyncCalls);
            return ValueTask.FromException(new InvalidOperationException("async handler bug"));
        });
        using var c = runtime.Analytics.OnRunCompleted(_ => throw new InvalidOperationException("run handler bug"));

        var run = await RunAsync(runtime, Loop("throwing", 2));

        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        Assert.Equal(2, asyncCalls);
        var failures = logs.Entries.Where(e => e.Id.Id == 7001).ToList();
        Assert.All(failures, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(2, failures.Count(e => e.Exception?.Message == "sync handler bug"));
        Assert.Equal(1, failures.Count(e => e.Exception?.Message == "run handler bug"));
        Assert.Equal(2, failures.Count(e => e.Exception?.Message == "async handler bug"));
    }

    [Fact]
    public async Task AsyncHandler_ThatCompletesLater_IsNotAwaitedByTheRun_AndItsFailureIsLogged()
    {
        var logs = new CapturingLoggerFactory();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { LoggerFactory = logs });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = runtime.Analytics.OnRunCompleted(async _ =>
        {
            try
            {
                await gate.Task;
                throw new InvalidOperationException("late failure");
            }
            finally
            {
                finished.SetResult();
            }
        });

        var run = await runtime.ExecuteAsync(Loop("late", 1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        gate.SetResult();
        await finished.Task;

        while (!logs.Entries.Any(e => e.Exception?.Message == "late failure"))
        {
            await Task.Yield();
        }
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_AndSubscriptionsWorkWithAnalyticsDisabled()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { EnableAnalytics = false, EnableSensitiveData = true });
        var seen = new ConcurrentQueue<NodeCompletedEvent>();
        var subscription = runtime.Analytics.OnNodeCompleted(seen.Enqueue);

        await RunAsync(runtime, Loop("sub", 2));
        subscription.Dispose();
        subscription.Dispose();
        await RunAsync(runtime, Loop("sub", 2));

        Assert.Equal(2, seen.Count);
        Assert.Equal(1L, seen.First().Outputs["result"]);
    }
}
