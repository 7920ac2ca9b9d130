using System.Threading.RateLimiting;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// A token bucket on the <see cref="RateLimiter"/> abstraction that is refilled by a timer of the runtime's
/// <see cref="TimeProvider"/>: every period the bucket is refilled to its limit and waiting requests are served in order.
/// </summary>
/// <remarks>
/// The BCL's <see cref="TokenBucketRateLimiter"/> computes manual replenishment from the real clock (Stopwatch), so it cannot
/// follow <c>RuntimeOptions.TimeProvider</c>; this limiter can, which keeps rate limits testable with a fake clock.
/// </remarks>
internal sealed class ClockTokenBucket : RateLimiter
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _queue = new();
    private readonly int _limit;
    private readonly int _queueLimit;
    private readonly ITimer _timer;
    private int _tokens;
    private int _queued;
    private long _granted;
    private long _failed;
    private bool _disposed;

    public ClockTokenBucket(int limit, int queueLimit, TimeSpan period, TimeProvider time)
    {
        _limit = limit;
        _tokens = limit;
        _queueLimit = queueLimit;

        // The timer holds the bucket weakly: when the runtime is collected the timer stops itself.
        var weak = new WeakReference<ClockTokenBucket>(this);
        ITimer? timer = null;
        timer = time.CreateTimer(
            _ =>
            {
                if (weak.TryGetTarget(out var bucket))
                {
                    bucket.Replenish();
                }
                else
                {
                    timer?.Dispose();
                }
            },
            null,
            period,
            period);
        _timer = timer;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>Refills the bucket and serves waiting requests in order.</summary>
    public void Replenish()
    {
        List<Waiter>? ready = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _tokens = _limit;
            while (_queue.TryPeek(out var head))
            {
                if (head.Cancelled)
                {
                    _queue.Dequeue();
                    continue;
                }

                if (head.Permits > _tokens)
                {
                    break;
                }

                _queue.Dequeue();
                _tokens -= head.Permits;
                _queued -= head.Permits;
                _granted++;
                (ready ??= []).Add(head);
            }
        }

        if (ready is null)
        {
            return;
        }

        foreach (var waiter in ready)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Lease.Acquired);
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            if (!_disposed && _queue.Count == 0 && _tokens >= permitCount)
            {
                _tokens -= permitCount;
                _granted++;
                return Lease.Acquired;
            }

            _failed++;
            return Lease.Rejected;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (!_disposed && _queue.Count == 0 && _tokens >= permitCount)
            {
                _tokens -= permitCount;
                _granted++;
                return new(Lease.Acquired);
            }

            if (_disposed || _queued + permitCount > _queueLimit)
            {
                _failed++;
                return new(Lease.Rejected);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(permitCount);
            _queue.Enqueue(waiter);
            _queued += permitCount;
        }

        waiter.Registration = cancellationToken.Register(static state => ((State)state!).Cancel(), new State(this, waiter, cancellationToken));
        return new(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        Waiter[] waiting;
        lock (_lock)
        {
            _disposed = true;
            waiting = [.. _queue];
            _queue.Clear();
            _queued = 0;
        }

        _timer.Dispose();
        foreach (var waiter in waiting)
        {
            waiter.Completion.TrySetResult(Lease.Rejected);
        }

        base.Dispose(disposing);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Cancelled || waiter.Completion.Task.IsCompleted)
            {
                return;
            }

            waiter.Cancelled = true;
            _queued -= waiter.Permits;
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private sealed class Waiter(int permits)
    {
        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public bool Cancelled { get; set; }
    }

    private sealed record State(ClockTokenBucket Bucket, Waiter Waiter, CancellationToken Token)
    {
        public void Cancel() => Bucket.Cancel(Waiter, Token);
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);

        public static readonly Lease Rejected = new(false);

        private Lease(bool acquired) => IsAcquired = acquired;

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            // Tokens are consumed, not returned: nothing to release. Shared instances stay usable.
            base.Dispose(disposing);
        }
    }
}
