namespace Kailash.Runtime.Events;

/// <summary>The run suspended: it waits for input, and no process needs to stay alive.</summary>
public sealed record RunSuspended : RunEvent
{
    /// <summary>Gets the ids of the pending input requests.</summary>
    public IReadOnlyList<string> RequestIds { get; init; } = [];
}
