namespace Kailash.Runtime.Enterprise;

/// <summary>Retry statistics of one node (in one workflow).</summary>
public sealed record NodeRetryStatistics
{
    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the node id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the node type.</summary>
    public required string NodeType { get; init; }

    /// <summary>Gets how many times the node executed under its retry policy.</summary>
    public required long Executions { get; init; }

    /// <summary>Gets the attempts made.</summary>
    public required long Attempts { get; init; }

    /// <summary>Gets the retries made (attempts after the first).</summary>
    public long Retries => Attempts - Executions;

    /// <summary>Gets the executions that succeeded after at least one retry.</summary>
    public required long SucceededAfterRetry { get; init; }

    /// <summary>Gets the executions that failed after using every attempt.</summary>
    public required long Exhausted { get; init; }

    /// <summary>Gets the executions that failed without using every attempt.</summary>
    public required long NotRetried { get; init; }
}
