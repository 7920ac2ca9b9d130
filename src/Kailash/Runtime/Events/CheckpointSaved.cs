namespace Kailash.Runtime.Events;

/// <summary>The run's state was committed to the store.</summary>
public sealed record CheckpointSaved : RunEvent
{
    /// <summary>Gets the commit sequence number the checkpoint covers.</summary>
    public long CommitSeq { get; init; }
}
