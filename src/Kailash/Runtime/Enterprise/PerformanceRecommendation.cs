namespace Kailash.Runtime.Enterprise;

/// <summary>One recommendation drawn from measured data, with the measurement that supports it.</summary>
public sealed record PerformanceRecommendation
{
    /// <summary>Gets the area: <c>retry</c>, <c>circuit</c>, <c>resource</c>, <c>runs</c>, <c>plan-cache</c>, <c>node</c> or <c>analytics</c>.</summary>
    public required string Category { get; init; }

    /// <summary>Gets what it is about (a node type, <c>workflowId/nodeId</c>, a resource or circuit key, or the runtime).</summary>
    public required string Subject { get; init; }

    /// <summary>Gets what to do.</summary>
    public required string Recommendation { get; init; }

    /// <summary>Gets the measurement behind it.</summary>
    public required string Evidence { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"[{Category}] {Subject}: {Recommendation} ({Evidence})";
}
