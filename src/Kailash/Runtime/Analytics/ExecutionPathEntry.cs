namespace Kailash.Runtime.Analytics;

/// <summary>One node execution in a run's execution path, in the order nodes finished.</summary>
public sealed record ExecutionPathEntry
{
    /// <summary>Gets the position in the path (0-based).</summary>
    public required int Sequence { get; init; }

    /// <summary>Gets the node id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the node type.</summary>
    public required string NodeType { get; init; }

    /// <summary>Gets how the node ended.</summary>
    public required NodeStatus Status { get; init; }

    /// <summary>Gets why it was skipped, or <see cref="SkipReason.None"/>.</summary>
    public required SkipReason SkipReason { get; init; }

    /// <summary>Gets the attempts made.</summary>
    public required int Attempts { get; init; }

    /// <summary>Gets how long it ran.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Gets the error code when it failed.</summary>
    public required string? ErrorCode { get; init; }
}
