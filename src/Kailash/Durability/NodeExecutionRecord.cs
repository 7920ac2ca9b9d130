namespace Kailash.Durability;

/// <summary>One node execution as stored: one row per (node, iteration), written once when it completes.</summary>
public sealed record NodeExecutionRecord
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the node id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the cycle iteration (0 outside cycles).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets the attempt number (1 for the first execution; raised each time an interrupted node runs again).</summary>
    public int Attempt { get; init; }

    /// <summary>Gets the status.</summary>
    public NodeExecutionStatus Status { get; init; }

    /// <summary>Gets the serialized outputs (UTF-8 JSON), stored once and never rewritten.</summary>
    public byte[]? Outputs { get; init; }

    /// <summary>Gets the error message of a failed node.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the serialized frontier delta the engine recorded with the result (route decisions, cycle state).</summary>
    public byte[]? State { get; init; }

    /// <summary>Gets the commit sequence number of the result (0 while the node is running or waiting).</summary>
    public long CommitSeq { get; init; }

    /// <summary>Gets the worker that ran the node.</summary>
    public string? Worker { get; init; }

    /// <summary>Gets when the node started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the node finished.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
