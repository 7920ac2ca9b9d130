namespace Kailash.Runtime.Analytics;

/// <summary>A node finished (completed, failed, skipped or cancelled). Delivered to <c>runtime.Analytics.OnNodeCompleted</c> subscribers.</summary>
public sealed class NodeCompletedEvent
{
    private static readonly IReadOnlyDictionary<string, object?> NoOutputs = new Dictionary<string, object?>();

    internal NodeCompletedEvent(string runId, string workflowId, string nodeId, string nodeType, NodeResult result, DateTimeOffset timestamp, bool includeOutputs)
    {
        RunId = runId;
        WorkflowId = workflowId;
        NodeId = nodeId;
        NodeType = nodeType;
        Status = result.Status;
        SkipReason = result.SkipReason;
        Attempts = result.Attempts;
        Duration = result.Duration;
        Error = result.Error;
        ErrorCode = result.ErrorCode;
        Outputs = includeOutputs ? result.Outputs : NoOutputs;
        Timestamp = timestamp;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the node id.</summary>
    public string NodeId { get; }

    /// <summary>Gets the node type.</summary>
    public string NodeType { get; }

    /// <summary>Gets how the node ended.</summary>
    public NodeStatus Status { get; }

    /// <summary>Gets why the node was skipped, or <see cref="SkipReason.None"/>.</summary>
    public SkipReason SkipReason { get; }

    /// <summary>Gets the attempts made.</summary>
    public int Attempts { get; }

    /// <summary>Gets how long the node ran.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the node's error when it failed.</summary>
    public Exception? Error { get; }

    /// <summary>Gets the error code when it failed.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the outputs; empty unless <c>RuntimeOptions.EnableSensitiveData</c> is set.</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; }

    /// <summary>Gets when the node finished (runtime clock).</summary>
    public DateTimeOffset Timestamp { get; }
}
