namespace Kailash.Runtime.Events;

/// <summary>An event about one node execution.</summary>
public abstract record NodeEvent : RunEvent
{
    /// <summary>Gets the node id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the node's registered type name.</summary>
    public string? NodeType { get; init; }

    /// <summary>Gets the cycle iteration (0 outside cycles).</summary>
    public int Iteration { get; init; }
}
