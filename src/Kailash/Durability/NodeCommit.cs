namespace Kailash.Durability;

/// <summary>
/// The commit unit: one node result (or a node start) with the events and the input request that go with it.
/// A store writes everything in one commit in one transaction.
/// </summary>
/// <remarks>
/// A start (<see cref="NodeExecutionStatus.Running"/>) records the attempt and is rejected when the node already finished.
/// A result is first-write-wins: it is accepted only while the stored row is running or waiting with the same attempt,
/// so a late result of an older attempt (a zombie worker) is rejected. Every commit carries the run's fence.
/// </remarks>
public sealed record NodeCommit
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the node id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the cycle iteration (0 outside cycles).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets the attempt number.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets the run fence the writer holds.</summary>
    public long Fence { get; init; }

    /// <summary>Gets the status to record.</summary>
    public NodeExecutionStatus Status { get; init; }

    /// <summary>Gets the serialized outputs (UTF-8 JSON).</summary>
    public byte[]? Outputs { get; init; }

    /// <summary>Gets the error message of a failed node.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the serialized frontier delta (route decisions, cycle state) that goes with the result.</summary>
    public byte[]? State { get; init; }

    /// <summary>Gets the worker that ran the node.</summary>
    public string? Worker { get; init; }

    /// <summary>Gets when the node started (for a start) or finished (for a result).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets when the node started, for a result written without its start (a start and a result grouped in one batch); otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Gets the events to store with the commit.</summary>
    public IReadOnlyList<RunEventRecord>? Events { get; init; }

    /// <summary>Gets an input request to store with the commit (a node that suspends the run).</summary>
    public InputRequestRecord? Request { get; init; }

    /// <summary>Gets a new run status to record with the commit (for example <see cref="DurableRunStatus.Suspended"/>).</summary>
    public DurableRunStatus? RunStatus { get; init; }
}
