namespace Kailash.Runtime.Events;

/// <summary>A node started.</summary>
public sealed record NodeStarted : NodeEvent
{
    /// <summary>Gets the attempt number (greater than 1 when an interrupted node runs again after a resume).</summary>
    public int Attempt { get; init; } = 1;
}
