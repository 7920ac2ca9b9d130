namespace Kailash.Runtime.Events;

/// <summary>A node asked for input; the run suspends until a response arrives. Re-announced to every new watcher while pending.</summary>
public sealed record RequestInput : NodeEvent
{
    /// <summary>Gets the request id to answer (<c>kailash resume RUN_ID --input key=value</c>, <c>ResumeAsync(runId, response)</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the request's name (a <c>SignalWaitNode</c>'s <c>signal_name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Gets what the node asked, as JSON.</summary>
    public string? Prompt { get; init; }

    /// <summary>Gets when the request times out, when it has a deadline.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
