namespace Kailash.Runtime.Events;

/// <summary>The run finished with a failed node.</summary>
public sealed record RunFailed : RunEvent
{
    /// <summary>Gets the failed node, when one failed.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets the error code, when the failure has one.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the error message.</summary>
    public string? Error { get; init; }
}
