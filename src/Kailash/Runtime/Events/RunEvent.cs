using System.Text.Json.Serialization;

namespace Kailash.Runtime.Events;

/// <summary>
/// Something that happened in a run, numbered per run (<see cref="Seq"/> 1, 2, 3… with no gaps), so a watcher that
/// reconnects continues after the last event it saw without gaps or duplicates. Serialised as JSON with a
/// <c>type</c> discriminator (the type's name), one event per line in <c>kailash run --output jsonl</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), nameof(RunStarted))]
[JsonDerivedType(typeof(RunSuspended), nameof(RunSuspended))]
[JsonDerivedType(typeof(RunResumed), nameof(RunResumed))]
[JsonDerivedType(typeof(RunCompleted), nameof(RunCompleted))]
[JsonDerivedType(typeof(RunFailed), nameof(RunFailed))]
[JsonDerivedType(typeof(RunCancelled), nameof(RunCancelled))]
[JsonDerivedType(typeof(NodeStarted), nameof(NodeStarted))]
[JsonDerivedType(typeof(NodeCompleted), nameof(NodeCompleted))]
[JsonDerivedType(typeof(NodeFailed), nameof(NodeFailed))]
[JsonDerivedType(typeof(NodeSkipped), nameof(NodeSkipped))]
[JsonDerivedType(typeof(NodeRetrying), nameof(NodeRetrying))]
[JsonDerivedType(typeof(CycleIteration), nameof(CycleIteration))]
[JsonDerivedType(typeof(RequestInput), nameof(RequestInput))]
[JsonDerivedType(typeof(CheckpointSaved), nameof(CheckpointSaved))]
public abstract record RunEvent
{
    private long _seq;
    private DateTimeOffset _timestamp;

    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the per-run sequence number, starting at 1.</summary>
    public long Seq { get => _seq; init => _seq = value; }

    /// <summary>Gets when the event happened.</summary>
    public DateTimeOffset Timestamp { get => _timestamp; init => _timestamp = value; }

    /// <summary>Gets the event's type name (the same as the JSON <c>type</c>).</summary>
    [JsonIgnore]
    public string Type => GetType().Name;

    /// <summary>Numbers an event when the run's emitter publishes it (the emitter builds each event once, then stamps it under its lock).</summary>
    /// <param name="seq">The event's sequence number in its run.</param>
    /// <param name="timestamp">When it happened.</param>
    internal void Stamp(long seq, DateTimeOffset timestamp)
    {
        _seq = seq;
        _timestamp = timestamp;
    }
}
