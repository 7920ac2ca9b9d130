namespace Kailash.Runtime.Enterprise;

/// <summary>Resource use of a runtime: runs in flight, memory, and each named resource.</summary>
public sealed record ResourceMetrics
{
    /// <summary>Gets the runs in flight on the runtime now.</summary>
    public required int InFlightRuns { get; init; }

    /// <summary>Gets <see cref="ResourceLimits.MaxConcurrentRuns"/>, or <see langword="null"/>.</summary>
    public required int? MaxConcurrentRuns { get; init; }

    /// <summary>Gets the runs rejected by <see cref="ResourceLimits"/> so far.</summary>
    public required long RejectedRuns { get; init; }

    /// <summary>Gets the managed heap size in bytes (<see cref="GC.GetTotalMemory(bool)"/>).</summary>
    public required long ManagedMemoryBytes { get; init; }

    /// <summary>Gets <see cref="ResourceLimits.MaxMemoryBytes"/>, or <see langword="null"/>.</summary>
    public required long? MaxMemoryBytes { get; init; }

    /// <summary>Gets the process working set in bytes.</summary>
    public required long WorkingSetBytes { get; init; }

    /// <summary>Gets each named resource, ordered by key.</summary>
    public required IReadOnlyList<ResourceSnapshot> Resources { get; init; }
}
