namespace Kailash.Durability;

/// <summary>A change to a run's record (status, error, lease release) with the events that go with it, written in one transaction.</summary>
public sealed record RunUpdate
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the run fence the writer holds.</summary>
    public long Fence { get; init; }

    /// <summary>Gets the new status, or <see langword="null"/> to keep it.</summary>
    public DurableRunStatus? Status { get; init; }

    /// <summary>Gets the error message of a failed run.</summary>
    public string? Error { get; init; }

    /// <summary>Gets a value indicating whether the writer gives up its lease.</summary>
    public bool ReleaseLease { get; init; }

    /// <summary>Gets the events to store.</summary>
    public IReadOnlyList<RunEventRecord>? Events { get; init; }

    /// <summary>Gets a snapshot of the run state to store.</summary>
    public CheckpointRecord? Checkpoint { get; init; }

    /// <summary>Gets when the change happened.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
