namespace Kailash.Runtime.Enterprise;

/// <summary>The use of one named resource at a point in time.</summary>
public sealed record ResourceSnapshot
{
    /// <summary>Gets the resource key.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the concurrency limit, or <see langword="null"/> when there is none.</summary>
    public required int? MaxConcurrency { get; init; }

    /// <summary>Gets how many node attempts hold a concurrency permit now.</summary>
    public required long InUse { get; init; }

    /// <summary>Gets how many node attempts wait for a permit now (concurrency and rate queues).</summary>
    public required long Queued { get; init; }

    /// <summary>Gets the rate limit (permits per <see cref="RatePeriod"/>), or <see langword="null"/> when there is none.</summary>
    public required int? RateLimit { get; init; }

    /// <summary>Gets the rate period.</summary>
    public required TimeSpan RatePeriod { get; init; }

    /// <summary>Gets the rate permits available now, or <see langword="null"/> when there is no rate limit.</summary>
    public required long? AvailableRatePermits { get; init; }

    /// <summary>Gets the permits granted so far.</summary>
    public required long TotalGranted { get; init; }

    /// <summary>Gets the requests rejected so far (queue full).</summary>
    public required long TotalRejected { get; init; }

    /// <summary>Gets how saturated the resource is, from 0 (idle) to 1 (every concurrency permit in use, or no rate permit left).</summary>
    public required double Saturation { get; init; }
}
