namespace Kailash.Runtime;

/// <summary>
/// Thrown by <c>Execute</c>/<c>ExecuteAsync</c> when a node fails under <see cref="ErrorPolicy.Stop"/>. Names the node,
/// holds the user's exception as <see cref="Exception.InnerException"/> and the partial result in <see cref="Result"/>.
/// </summary>
public sealed class WorkflowExecutionException : KailashException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowExecutionException"/> class.</summary>
    /// <param name="nodeId">The failed node.</param>
    /// <param name="nodeType">The failed node's type name.</param>
    /// <param name="error">The node's error.</param>
    /// <param name="result">The partial result of the run.</param>
    public WorkflowExecutionException(string nodeId, string nodeType, Exception error, WorkflowRunResult result)
        : base(
            error is KailashException coded ? coded.Code : ErrorCodes.NodeFailed,
            $"Node '{nodeId}' ({nodeType}) failed: {WithoutCode(error?.Message)}",
            nodeId,
            (error as KailashException)?.Port,
            error)
    {
        Result = result;
        NodeType = nodeType;
    }

    private WorkflowExecutionException(string cycleId, KailashException error, WorkflowRunResult result)
        : base(error.Code, $"Cycle '{cycleId}' failed: {WithoutCode(error.Message)}", null, null, error)
    {
        Result = result;
        NodeType = "cycle";
        CycleId = cycleId;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowExecutionException"/> class.</summary>
    public WorkflowExecutionException()
        : this("unknown", "unknown", new InvalidOperationException("Unknown failure."), null!)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowExecutionException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WorkflowExecutionException(string message)
        : base(ErrorCodes.NodeFailed, message)
    {
        Result = null!;
        NodeType = "unknown";
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowExecutionException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowExecutionException(string message, Exception innerException)
        : base(ErrorCodes.NodeFailed, message, null, null, innerException)
    {
        Result = null!;
        NodeType = "unknown";
    }

    /// <summary>Gets the cycle that failed as a whole (it did not converge, or its convergence condition failed), or <see langword="null"/> when a node failed.</summary>
    public string? CycleId { get; private init; }

    /// <summary>Gets the partial result: everything computed before and beside the failure.</summary>
    public WorkflowRunResult Result { get; }

    /// <summary>Gets the failed node's type name (<c>cycle</c> when a cycle failed as a whole).</summary>
    public string NodeType { get; }

    /// <summary>
    /// The exception for a failed run: it blames the cycle when the failure is the cycle's own (no node is named by the
    /// error, and a cycle report carries one), otherwise the node.
    /// </summary>
    internal static WorkflowExecutionException For(string nodeId, Exception error, WorkflowRunResult result)
    {
        if (error is KailashException { NodeId: null } coded)
        {
            foreach (var (cycleId, report) in result.Cycles)
            {
                if (report.Error is KailashException { NodeId: null } cycleError && cycleError.Code == coded.Code)
                {
                    return new WorkflowExecutionException(cycleId, coded, result);
                }
            }
        }

        return new WorkflowExecutionException(nodeId, result.TypeNameOf(nodeId), error, result);
    }
}
