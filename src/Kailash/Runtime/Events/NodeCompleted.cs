namespace Kailash.Runtime.Events;

/// <summary>A node completed.</summary>
public sealed record NodeCompleted : NodeEvent
{
    /// <summary>Gets how long the node ran.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the output ports the node produced.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];
}
