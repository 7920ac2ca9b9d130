namespace Kailash.Runtime.Analytics;

/// <summary>A workflow's cached execution plan, as the runtime will run it.</summary>
public sealed record ExecutionPlanInfo
{
    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets a value indicating whether the plan came from the cache (otherwise it was built now and cached).</summary>
    public required bool FromCache { get; init; }

    /// <summary>Gets the node ids in plan order (topological; cycle members in iteration order).</summary>
    public required IReadOnlyList<string> NodeOrder { get; init; }

    /// <summary>Gets the ids of the cycles the plan runs as units.</summary>
    public required IReadOnlyList<string> Cycles { get; init; }

    /// <summary>Gets the ids of nodes that run under a resilience policy (retry, timeout, circuit breaker or resource limits).</summary>
    public required IReadOnlyList<string> NodesWithPolicy { get; init; }
}
