namespace Kailash.Durability;

/// <summary>One stored run event: per-run sequence number, type name and JSON payload.</summary>
public sealed record RunEventRecord
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the per-run sequence number (1, 2, 3…); reconnecting watchers continue after the last one they saw.</summary>
    public long Seq { get; init; }

    /// <summary>Gets the event type name (for example <c>NodeCompleted</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the node the event is about, when there is one.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets the event payload as JSON.</summary>
    public string? Payload { get; init; }

    /// <summary>Gets when the event happened.</summary>
    public DateTimeOffset Timestamp { get; init; }
}
