namespace Kailash.Runtime;

/// <summary>
/// Thrown by <c>Execute</c>/<c>ExecuteAsync</c> when the run is cancelled (token or run timeout). It is an
/// <see cref="OperationCanceledException"/>, and carries the partial result (status <see cref="WorkflowRunStatus.Cancelled"/>).
/// </summary>
public sealed class WorkflowCancelledException : OperationCanceledException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowCancelledException"/> class.</summary>
    /// <param name="result">The partial result.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public WorkflowCancelledException(WorkflowRunResult result, CancellationToken cancellationToken)
        : base($"{ErrorCodes.Cancelled}: Run '{result?.RunId}' of workflow '{result?.WorkflowId}' was cancelled; the nodes that finished are kept in Result.", cancellationToken)
    {
        Result = result!;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowCancelledException"/> class.</summary>
    public WorkflowCancelledException()
    {
        Result = null!;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowCancelledException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WorkflowCancelledException(string message)
        : base(message)
    {
        Result = null!;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowCancelledException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowCancelledException(string message, Exception innerException)
        : base(message, innerException)
    {
        Result = null!;
    }

    /// <summary>Gets the stable error code (<c>KWF046</c>).</summary>
    public static string Code => ErrorCodes.Cancelled;

    /// <summary>Gets the partial result.</summary>
    public WorkflowRunResult Result { get; }
}
