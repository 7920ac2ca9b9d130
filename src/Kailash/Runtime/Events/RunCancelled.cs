namespace Kailash.Runtime.Events;

/// <summary>The run was cancelled (token, run timeout).</summary>
public sealed record RunCancelled : RunEvent
{
    /// <summary>Gets why, when known.</summary>
    public string? Reason { get; init; }
}
