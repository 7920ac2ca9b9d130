namespace Kailash.Runtime.Events;

/// <summary>A node failed.</summary>
public sealed record NodeFailed : NodeEvent
{
    /// <summary>Gets the error code, when the failure has one.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the error message.</summary>
    public required string Error { get; init; }
}
