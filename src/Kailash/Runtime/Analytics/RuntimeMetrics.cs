namespace Kailash.Runtime.Analytics;

/// <summary>Runtime-wide counters since the runtime was created.</summary>
public sealed record RuntimeMetrics
{
    /// <summary>Gets a value indicating whether analytics is enabled (when it is not, run and node counters stay at zero).</summary>
    public required bool AnalyticsEnabled { get; init; }

    /// <summary>Gets how long the runtime has existed.</summary>
    public required TimeSpan Uptime { get; init; }

    /// <summary>Gets the runs started.</summary>
    public required long RunsStarted { get; init; }

    /// <summary>Gets the runs that completed.</summary>
    public required long RunsCompleted { get; init; }

    /// <summary>Gets the runs that failed.</summary>
    public required long RunsFailed { get; init; }

    /// <summary>Gets the runs that were cancelled.</summary>
    public required long RunsCancelled { get; init; }

    /// <summary>Gets the runs in flight now.</summary>
    public required int RunsInFlight { get; init; }

    /// <summary>Gets the node invocations started.</summary>
    public required long NodesStarted { get; init; }

    /// <summary>Gets the node executions that completed.</summary>
    public required long NodesCompleted { get; init; }

    /// <summary>Gets the node executions that failed.</summary>
    public required long NodesFailed { get; init; }

    /// <summary>Gets the nodes skipped.</summary>
    public required long NodesSkipped { get; init; }

    /// <summary>Gets the nodes cancelled.</summary>
    public required long NodesCancelled { get; init; }

    /// <summary>Gets the retries made by retry policies.</summary>
    public required long Retries { get; init; }

    /// <summary>Gets the node and attempt timeouts.</summary>
    public required long Timeouts { get; init; }

    /// <summary>Gets the circuit-breaker state changes.</summary>
    public required long CircuitTransitions { get; init; }

    /// <summary>Gets the plan-cache hits.</summary>
    public required long PlanCacheHits { get; init; }

    /// <summary>Gets the plan-cache misses.</summary>
    public required long PlanCacheMisses { get; init; }
}
