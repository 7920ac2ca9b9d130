namespace Kailash.Runtime.Events;

/// <summary>A node was skipped.</summary>
public sealed record NodeSkipped : NodeEvent
{
    /// <summary>Gets why (conditional routing, upstream failure, run stopped).</summary>
    public required string Reason { get; init; }
}
