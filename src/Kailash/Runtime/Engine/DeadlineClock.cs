using System.Diagnostics;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The clock deadlines run on (a run's <see cref="RuntimeOptions.RunTimeout"/>, node and attempt timeouts): one dedicated
/// thread sleeps until the next due timer, and every timer that fires runs its callback on a new short-lived thread.
/// Neither depends on the thread pool, so a deadline holds while the pool is starved — which is exactly when it matters:
/// abandoned nodes that block (a synchronous node in <c>Thread.Sleep</c>, a blocking call) hold pool threads, and a
/// pool timer (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) would then wait for thread injection
/// (hundreds of milliseconds on a 2-core machine) before the run could even notice its deadline.
/// </summary>
/// <remarks>
/// A fired callback gets its own thread because cancelling a run's token runs the run's continuations (and whatever
/// callbacks nodes registered on the token) inline: on the timer thread they would delay every other deadline, on the
/// pool they would wait for it. A thread costs tens of microseconds, paid only when a deadline expires. Wall-clock
/// reads go to <see cref="TimeProvider.System"/>; tests that fake time keep their own provider for everything else.
/// </remarks>
internal sealed class DeadlineClock : TimeProvider
{
    /// <summary>The one clock of the process.</summary>
    public static readonly DeadlineClock Instance = new();

    private readonly object _gate = new();
    private readonly PriorityQueue<Timer, long> _due = new();
    private Thread? _thread;
    private int _live;

    private DeadlineClock()
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The clock node timeouts and retry delays use: this one in place of the system clock, a caller's own (fake) clock unchanged.</summary>
    public static TimeProvider Over(TimeProvider configured) => ReferenceEquals(configured, System) ? Instance : configured;

    /// <summary>A token source cancelled after <paramref name="delay"/> on this clock or, earlier, by either token; disposing it drops the deadline.</summary>
    public static CancellationTokenSource Linked(TimeSpan delay, CancellationToken first, CancellationToken second) => new DeadlineSource(delay, first, second);

    private void Schedule(Timer timer, long due)
    {
        lock (_gate)
        {
            _due.Enqueue(timer, due);
            if (_thread is null)
            {
                _thread = new Thread(Loop, 256 * 1024) { IsBackground = true, Name = "Kailash deadlines" };
                _thread.Start();
            }
            else if (_due.TryPeek(out _, out var first) && first == due)
            {
                Monitor.Pulse(_gate);
            }

            Compact();
        }
    }

    /// <summary>Drops timers that were disposed or rescheduled once they outnumber the live ones, so long deadlines of finished runs do not pile up.</summary>
    private void Compact()
    {
        if (_due.Count < 1024 || _due.Count < 2 * _live)
        {
            return;
        }

        var keep = new List<(Timer, long)>(_live);
        while (_due.TryDequeue(out var timer, out var due))
        {
            if (timer.IsDueAt(due))
            {
                keep.Add((timer, due));
            }
        }

        _due.EnqueueRange(keep);
    }

    private void Loop()
    {
        while (true)
        {
            Timer? fire = null;
            lock (_gate)
            {
                if (!_due.TryPeek(out var next, out var due))
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                if (due > now)
                {
                    var wait = Stopwatch.GetElapsedTime(now, due);
                    Monitor.Wait(_gate, wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait);
                    continue;
                }

                _due.Dequeue();
                if (next.TryFire(due))
                {
                    fire = next;
                }
            }

            if (fire is not null)
            {
                new Thread(static t => ((Timer)t!).Run(), 256 * 1024) { IsBackground = true, Name = "Kailash deadline" }.Start(fire);
            }
        }
    }

    /// <summary>One timer: its schedule is the due timestamp it was last scheduled for (older heap entries are stale).</summary>
    private sealed class Timer : ITimer
    {
        private readonly DeadlineClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private long _scheduledDue = -1;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public Timer(DeadlineClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long due;
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                Unschedule();
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                due = Stopwatch.GetTimestamp() + (long)(Math.Max(0, dueTime.TotalSeconds) * Stopwatch.Frequency);
                _scheduledDue = due;
                _clock._live++;
            }

            _clock.Schedule(this, due);
            return true;
        }

        public void Dispose()
        {
            lock (_clock._gate)
            {
                _disposed = true;
                Unschedule();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        /// <summary>Tells whether a heap entry with this due time is the timer's current schedule (under the clock's lock).</summary>
        public bool IsDueAt(long due) => !_disposed && _scheduledDue == due;

        /// <summary>Takes the schedule for firing when the heap entry is current; a periodic timer is scheduled again (under the clock's lock).</summary>
        public bool TryFire(long due)
        {
            if (!IsDueAt(due))
            {
                return false;
            }

            Unschedule();
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                var next = Stopwatch.GetTimestamp() + (long)(_period.TotalSeconds * Stopwatch.Frequency);
                _scheduledDue = next;
                _clock._live++;
                _clock._due.Enqueue(this, next);
            }

            return true;
        }

        public void Run() => _callback(_state);

        private void Unschedule()
        {
            if (_scheduledDue >= 0)
            {
                _scheduledDue = -1;
                _clock._live--;
            }
        }
    }

    /// <summary>A linked token source whose deadline lives on the clock's thread instead of a thread-pool timer.</summary>
    private sealed class DeadlineSource : CancellationTokenSource
    {
        private readonly CancellationTokenRegistration _first;
        private readonly CancellationTokenRegistration _second;
        private readonly ITimer _timer;

        public DeadlineSource(TimeSpan delay, CancellationToken first, CancellationToken second)
        {
            _first = first.UnsafeRegister(static s => ((DeadlineSource)s!).CancelQuietly(), this);
            _second = second.UnsafeRegister(static s => ((DeadlineSource)s!).CancelQuietly(), this);
            _timer = Instance.CreateTimer(static s => ((DeadlineSource)s!).CancelQuietly(), this, delay, Timeout.InfiniteTimeSpan);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _timer.Dispose();
                _first.Dispose();
                _second.Dispose();
            }

            base.Dispose(disposing);
        }

        private void CancelQuietly()
        {
            try
            {
                Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended (and disposed its source) while its deadline fired: nothing left to cancel.
            }
        }
    }
}
