using System.Threading.RateLimiting;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// What all runs of one runtime share: the run gate (<see cref="ResourceLimits"/>) and a limiter per named resource.
/// Rate limits are replenished by a timer of the runtime's <see cref="TimeProvider"/>, so tests can drive them with a fake clock.
/// </summary>
internal sealed class ResourceCoordinator : IDisposable
{
    private readonly Dictionary<string, Resource> _resources;
    private readonly int? _maxRuns;
    private readonly long? _maxMemory;
    private int _inFlight;
    private long _rejectedRuns;

    public ResourceCoordinator(RuntimeOptions options)
    {
        _maxRuns = options.ResourceLimits?.MaxConcurrentRuns;
        _maxMemory = options.ResourceLimits?.MaxMemoryBytes;
        _resources = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var pair in options.Resources)
        {
            _resources[pair.Key] = new Resource(pair.Key, pair.Value.Clone(), options.TimeProvider);
        }
    }

    public int InFlightRuns => Volatile.Read(ref _inFlight);

    /// <summary>Releases the limiters and the rate-refill timers; waiting callers are rejected.</summary>
    public void Dispose()
    {
        foreach (var resource in _resources.Values)
        {
            resource.Concurrency?.Dispose();
            resource.Rate?.Dispose();
        }
    }

    public int? MaxConcurrentRuns => _maxRuns;

    public IReadOnlyCollection<string> ResourceKeys => _resources.Keys;

    /// <summary>Admits a run or throws <see cref="ResourceLimitExceededException"/>.</summary>
    public void EnterRun(ExecutionPlan plan)
    {
        if (_maxMemory is { } maxMemory)
        {
            var memory = GC.GetTotalMemory(false);
            if (memory > maxMemory)
            {
                Interlocked.Increment(ref _rejectedRuns);
                throw new ResourceLimitExceededException(
                    nameof(ResourceLimits.MaxMemoryBytes),
                    memory,
                    maxMemory,
                    $"{ErrorCodes.ResourceLimitReached}: The run of workflow '{plan.Workflow.Id}' was rejected before it started: the managed heap holds {memory:N0} bytes, above ResourceLimits.MaxMemoryBytes ({maxMemory:N0}). Please retry when memory is released, or raise the limit.");
            }
        }

        var current = Interlocked.Increment(ref _inFlight);
        if (_maxRuns is { } maxRuns && current > maxRuns)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _rejectedRuns);
            throw new ResourceLimitExceededException(
                nameof(ResourceLimits.MaxConcurrentRuns),
                current - 1,
                maxRuns,
                $"{ErrorCodes.ResourceLimitReached}: The run of workflow '{plan.Workflow.Id}' was rejected before it started: {Internal.Counted.Of(maxRuns, "run")} already in flight on this runtime (ResourceLimits.MaxConcurrentRuns = {maxRuns}). Please retry when a run finishes, or raise the limit.");
        }
    }

    public void ExitRun() => Interlocked.Decrement(ref _inFlight);

    public bool TryGet(string key, out Resource resource) => _resources.TryGetValue(key, out resource!);

    public ResourceMetrics GetMetrics()
    {
        var snapshots = new List<ResourceSnapshot>(_resources.Count);
        foreach (var key in _resources.Keys.Order(StringComparer.Ordinal))
        {
            snapshots.Add(_resources[key].Snapshot());
        }

        return new ResourceMetrics
        {
            InFlightRuns = InFlightRuns,
            MaxConcurrentRuns = _maxRuns,
            RejectedRuns = Interlocked.Read(ref _rejectedRuns),
            ManagedMemoryBytes = GC.GetTotalMemory(false),
            MaxMemoryBytes = _maxMemory,
            WorkingSetBytes = Environment.WorkingSet,
            Resources = snapshots,
        };
    }

    /// <summary>One named resource: a concurrency limiter and/or a token-bucket rate limiter.</summary>
    internal sealed class Resource
    {
        private readonly ResourceOptions _options;
        private long _rejected;

        public Resource(string key, ResourceOptions options, TimeProvider time)
        {
            Key = key;
            _options = options;
            if (options.MaxConcurrency is { } permits)
            {
                Concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = permits,
                    QueueLimit = options.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            }

            if (options.RateLimit is { } rate)
            {
                Rate = new ClockTokenBucket(rate, options.QueueLimit, options.RatePeriod, time);
            }
        }

        public string Key { get; }

        public ConcurrencyLimiter? Concurrency { get; }

        public ClockTokenBucket? Rate { get; }

        public void CountRejected() => Interlocked.Increment(ref _rejected);

        public ResourceSnapshot Snapshot()
        {
            var concurrency = Concurrency?.GetStatistics();
            var rate = Rate?.GetStatistics();
            var inUse = concurrency is null ? 0 : _options.MaxConcurrency!.Value - concurrency.CurrentAvailablePermits;
            double saturation = 0;
            if (_options.MaxConcurrency is { } max)
            {
                saturation = (double)inUse / max;
            }

            if (rate is not null && _options.RateLimit is { } limit)
            {
                saturation = Math.Max(saturation, 1 - ((double)rate.CurrentAvailablePermits / limit));
            }

            return new ResourceSnapshot
            {
                Key = Key,
                MaxConcurrency = _options.MaxConcurrency,
                InUse = inUse,
                Queued = (concurrency?.CurrentQueuedCount ?? 0) + (rate?.CurrentQueuedCount ?? 0),
                RateLimit = _options.RateLimit,
                RatePeriod = _options.RatePeriod,
                AvailableRatePermits = rate?.CurrentAvailablePermits,
                TotalGranted = Math.Max(concurrency?.TotalSuccessfulLeases ?? 0, rate?.TotalSuccessfulLeases ?? 0),
                TotalRejected = Interlocked.Read(ref _rejected),
                Saturation = Math.Clamp(saturation, 0, 1),
            };
        }
    }
}
