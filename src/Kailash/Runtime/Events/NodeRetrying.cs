namespace Kailash.Runtime.Events;

/// <summary>A node failed an attempt and will be tried again.</summary>
public sealed record NodeRetrying : NodeEvent
{
    /// <summary>Gets the attempt that failed.</summary>
    public int Attempt { get; init; }

    /// <summary>Gets the delay before the next attempt.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets the error message of the failed attempt.</summary>
    public string? Error { get; init; }
}
