namespace Kailash.Runtime.Events;

/// <summary>The run finished with every node completed or skipped.</summary>
public sealed record RunCompleted : RunEvent
{
    /// <summary>Gets how long the run took (this process's part of it).</summary>
    public TimeSpan Duration { get; init; }
}
