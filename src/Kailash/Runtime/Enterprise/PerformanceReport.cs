using Kailash.Runtime.Analytics;

namespace Kailash.Runtime.Enterprise;

/// <summary>Everything measured about a runtime's performance, with recommendations.</summary>
public sealed record PerformanceReport
{
    /// <summary>Gets when the report was made (runtime clock).</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets the runtime-wide counters.</summary>
    public required RuntimeMetrics Metrics { get; init; }

    /// <summary>Gets the statistics per workflow.</summary>
    public required IReadOnlyList<ExecutionStatistics> Workflows { get; init; }

    /// <summary>Gets the statistics per node type.</summary>
    public required IReadOnlyList<ExecutionStatistics> NodeTypes { get; init; }

    /// <summary>Gets up to five node types with the highest p95 duration, slowest first.</summary>
    public required IReadOnlyList<ExecutionStatistics> SlowestNodeTypes { get; init; }

    /// <summary>Gets the retry analytics.</summary>
    public required RetryAnalytics Retry { get; init; }

    /// <summary>Gets the resource use.</summary>
    public required ResourceMetrics Resources { get; init; }

    /// <summary>Gets the circuit breakers.</summary>
    public required IReadOnlyList<CircuitBreakerSnapshot> CircuitBreakers { get; init; }

    /// <summary>Gets the recommendations drawn from these measurements (empty when nothing stands out).</summary>
    public required IReadOnlyList<PerformanceRecommendation> Recommendations { get; init; }
}
