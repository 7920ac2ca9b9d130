namespace Kailash.Durability;

/// <summary>
/// A stored snapshot of a run's frontier (ready set, pending counts, route decisions, cycle counters) as of a commit
/// sequence number. Resume reads the latest one plus the node results committed after it.
/// </summary>
public sealed record CheckpointRecord
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the commit sequence number the snapshot covers (results up to and including it).</summary>
    public long CommitSeq { get; init; }

    /// <summary>Gets the serialized run state.</summary>
    public required byte[] State { get; init; }

    /// <summary>Gets when the snapshot was taken.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
