using Kailash.Runtime.Engine;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>The deadline clock fires off the thread pool, once per schedule, never after disposal.</summary>
public sealed class DeadlineClockTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ATimer_FiresOnItsOwnThread_NotAPoolThread()
    {
        var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = DeadlineClock.Instance.CreateTimer(_ => fired.TrySetResult(Thread.CurrentThread.IsThreadPoolThread), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);

        var onPool = await fired.Task.WaitAsync(Hold, TestContext.Current.CancellationToken);

        Assert.False(onPool);
    }

    [Fact]
    public async Task ADisposedTimer_NeverFires_AndARescheduledOneFiresOnce()
    {
        var disposedFired = 0;
        var rescheduledFired = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = DeadlineClock.Instance.CreateTimer(_ => Interlocked.Increment(ref disposedFired), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        using var rescheduled = DeadlineClock.Instance.CreateTimer(_ => { Interlocked.Increment(ref rescheduledFired); done.TrySetResult(); }, null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        rescheduled.Change(TimeSpan.FromMilliseconds(40), Timeout.InfiniteTimeSpan);

        await done.Task.WaitAsync(Hold, TestContext.Current.CancellationToken);
        await Task.Delay(60, TestContext.Current.CancellationToken);

        Assert.Equal(0, Volatile.Read(ref disposedFired));
        Assert.Equal(1, Volatile.Read(ref rescheduledFired));
        Assert.False(disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task ALinkedSource_IsCancelledByItsDeadline_OrByEitherToken()
    {
        using var never = new CancellationTokenSource();
        using var byDeadline = DeadlineClock.Linked(TimeSpan.FromMilliseconds(10), never.Token, CancellationToken.None);
        using var parent = new CancellationTokenSource();
        using var byParent = DeadlineClock.Linked(Timeout.InfiniteTimeSpan, CancellationToken.None, parent.Token);

        await Task.Delay(Timeout.Infinite, byDeadline.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Hold, TestContext.Current.CancellationToken);
        Assert.False(byParent.IsCancellationRequested);
        await parent.CancelAsync();

        Assert.True(byDeadline.IsCancellationRequested);
        Assert.True(byParent.IsCancellationRequested);
        Assert.False(never.IsCancellationRequested);
    }
}
