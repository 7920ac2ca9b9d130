namespace Kailash.Runtime.Enterprise;

/// <summary>A runtime's health and the measurements it was decided from.</summary>
public sealed record RuntimeHealthReport
{
    /// <summary>Gets the overall status.</summary>
    public required RuntimeHealthStatus Status { get; init; }

    /// <summary>Gets why the status is not <see cref="RuntimeHealthStatus.Healthy"/> (empty when it is).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Gets when the report was made (runtime clock).</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>Gets a value indicating whether the runtime has been disposed.</summary>
    public required bool IsDisposed { get; init; }

    /// <summary>Gets the runs in flight.</summary>
    public required int InFlightRuns { get; init; }

    /// <summary>Gets <see cref="ResourceLimits.MaxConcurrentRuns"/>, or <see langword="null"/>.</summary>
    public required int? MaxConcurrentRuns { get; init; }

    /// <summary>Gets the share of failed runs among the most recent ones (up to 100).</summary>
    public required double RecentFailureRate { get; init; }

    /// <summary>Gets how many recent runs <see cref="RecentFailureRate"/> covers.</summary>
    public required int RecentRuns { get; init; }

    /// <summary>Gets the state of every circuit breaker.</summary>
    public required IReadOnlyList<CircuitBreakerSnapshot> CircuitBreakers { get; init; }

    /// <summary>Gets the use of every named resource.</summary>
    public required IReadOnlyList<ResourceSnapshot> Resources { get; init; }

    /// <summary>Gets the managed heap size in bytes.</summary>
    public required long ManagedMemoryBytes { get; init; }

    /// <summary>Gets <see cref="ResourceLimits.MaxMemoryBytes"/>, or <see langword="null"/>.</summary>
    public required long? MaxMemoryBytes { get; init; }
}
