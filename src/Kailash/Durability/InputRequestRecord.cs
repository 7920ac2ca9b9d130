namespace Kailash.Durability;

/// <summary>A stored request for input (human input or an external signal).</summary>
public sealed record InputRequestRecord
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the request id, unique within the run.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the node that asked.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the cycle iteration of the node that asked.</summary>
    public int Iteration { get; init; }

    /// <summary>Gets the request's name (a <c>SignalWaitNode</c>'s <c>signal_name</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Gets what the node asked, as JSON (a prompt, a schema hint).</summary>
    public string? Payload { get; init; }

    /// <summary>Gets the status.</summary>
    public InputRequestStatus Status { get; init; }

    /// <summary>Gets the response as JSON, once answered.</summary>
    public string? Response { get; init; }

    /// <summary>Gets when the request was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the request times out, when it has a deadline.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets when the response arrived.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
}
