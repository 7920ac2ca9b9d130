using System.Text.Json;
using Kailash.Durability;

namespace Kailash.Runtime.Events;

/// <summary>Run events to and from JSON: one line per event, and the stored form (<see cref="RunEventRecord"/>).</summary>
public static class RunEventJson
{
    /// <summary>Serialises an event to one line of JSON (snake_case, with a <c>type</c> field).</summary>
    /// <param name="runEvent">The event.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(RunEvent runEvent) => JsonSerializer.Serialize(runEvent, RunEventJsonContext.Default.RunEvent);

    /// <summary>Reads an event from its JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="KailashException">The text is not a known event (<see cref="ErrorCodes.RunStateUnreadable"/>).</exception>
    public static RunEvent Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RunEventJsonContext.Default.RunEvent)
                ?? throw new JsonException("The event is null.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new KailashException(ErrorCodes.RunStateUnreadable, $"A stored run event cannot be read ({ex.Message}); it was written by an incompatible version of Kailash.", innerException: ex);
        }
    }

    /// <summary>Gets the stored form of an event.</summary>
    /// <param name="runEvent">The event.</param>
    /// <returns>The record.</returns>
    public static RunEventRecord ToRecord(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        return new RunEventRecord
        {
            RunId = runEvent.RunId,
            Seq = runEvent.Seq,
            Type = runEvent.Type,
            NodeId = (runEvent as NodeEvent)?.NodeId,
            Payload = Serialize(runEvent),
            Timestamp = runEvent.Timestamp,
        };
    }

    /// <summary>Reads an event back from its stored form.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The event.</returns>
    public static RunEvent FromRecord(RunEventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Deserialize(record.Payload ?? throw new KailashException(ErrorCodes.RunStateUnreadable, $"Run event {record.Seq} of run '{record.RunId}' has no payload."));
    }
}
