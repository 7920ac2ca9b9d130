namespace Kailash.Runtime.Analytics;

/// <summary>How much a runtime keeps about past runs in memory. Every level is bounded by <see cref="RuntimeOptions.MaxRetainedRuns"/>.</summary>
public enum EventRetention
{
    /// <summary>Nothing is kept per run; only the bounded aggregates (counts, percentiles) grow no further.</summary>
    None,

    /// <summary>A fixed-size summary of each recent run (status, duration, node counts, attempts).</summary>
    Summary,

    /// <summary>The summary plus each recent run's execution path: one entry per node execution, capped per run.</summary>
    Full,
}
