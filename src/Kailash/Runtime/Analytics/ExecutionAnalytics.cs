namespace Kailash.Runtime.Analytics;

/// <summary>The in-process aggregates of one runtime.</summary>
public sealed record ExecutionAnalytics
{
    /// <summary>Gets the statistics per node type, ordered by type.</summary>
    public required IReadOnlyList<ExecutionStatistics> NodeTypes { get; init; }

    /// <summary>Gets the statistics per workflow, ordered by workflow id.</summary>
    public required IReadOnlyList<ExecutionStatistics> Workflows { get; init; }

    /// <summary>Gets how often a run found its workflow's execution plan in the cache.</summary>
    public required long PlanCacheHits { get; init; }

    /// <summary>Gets how often a plan had to be built.</summary>
    public required long PlanCacheMisses { get; init; }

    /// <summary>Gets the plan-cache hit rate (0 when there were no lookups).</summary>
    public double PlanCacheHitRate => PlanCacheHits + PlanCacheMisses == 0 ? 0 : (double)PlanCacheHits / (PlanCacheHits + PlanCacheMisses);

    /// <summary>Gets how many recent runs are retained.</summary>
    public required int RetainedRuns { get; init; }

    /// <summary>Gets the retention level.</summary>
    public required EventRetention Retention { get; init; }

    /// <summary>Gets a value indicating whether the aggregates are being collected now.</summary>
    public required bool PerformanceMonitoringEnabled { get; init; }
}
