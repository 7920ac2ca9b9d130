namespace Kailash.Runtime.Analytics;

/// <summary>Aggregated executions of one node type or one workflow. Percentiles cover the most recent executions (a bounded window).</summary>
public sealed record ExecutionStatistics
{
    /// <summary>Gets the node type or workflow id (<c>(other)</c> collects keys beyond the tracked maximum).</summary>
    public required string Key { get; init; }

    /// <summary>Gets how many executions (node invocations, or runs) were recorded.</summary>
    public required long Executions { get; init; }

    /// <summary>Gets how many of them failed.</summary>
    public required long Failures { get; init; }

    /// <summary>Gets how many times nodes of this type were skipped (node types only).</summary>
    public required long Skipped { get; init; }

    /// <summary>Gets <see cref="Failures"/> / <see cref="Executions"/> (0 when nothing ran).</summary>
    public double FailureRate => Executions == 0 ? 0 : (double)Failures / Executions;

    /// <summary>Gets the median duration over the recent window.</summary>
    public required TimeSpan P50 { get; init; }

    /// <summary>Gets the 95th-percentile duration over the recent window.</summary>
    public required TimeSpan P95 { get; init; }

    /// <summary>Gets the longest duration ever recorded.</summary>
    public required TimeSpan Max { get; init; }

    /// <summary>Gets the mean duration over all executions.</summary>
    public required TimeSpan Mean { get; init; }

    /// <summary>Gets the cycle iterations run (workflows only).</summary>
    public required long CycleIterations { get; init; }
}
