namespace Kailash.Runtime.Validation;

/// <summary>The access policy denied a run (code <c>KWF043</c>). Nothing ran.</summary>
public sealed class WorkflowAccessDeniedException : KailashException
{
    /// <summary>Initializes a new instance of the <see cref="WorkflowAccessDeniedException"/> class.</summary>
    /// <param name="workflowId">The workflow that was not run.</param>
    /// <param name="userId">The user, or <see langword="null"/> when no user context was set.</param>
    /// <param name="reason">The policy's reason.</param>
    /// <param name="innerException">The policy's own failure, when it threw.</param>
    public WorkflowAccessDeniedException(string workflowId, string? userId, string reason, Exception? innerException = null)
        : base(
            ErrorCodes.AccessDenied,
            $"Access denied: {(userId is null ? "a run without a user context" : $"user '{userId}'")} may not run workflow '{workflowId}': {reason.TrimEnd('.')}. Please run it as a user the access policy allows{(userId is null ? " (set RuntimeOptions.UserContext or RunSettings.UserContext)" : string.Empty)}.",
            null,
            null,
            innerException)
    {
        WorkflowId = workflowId;
        UserId = userId;
        Reason = reason;
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowAccessDeniedException"/> class.</summary>
    public WorkflowAccessDeniedException()
        : this("unknown", null, "Access denied.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowAccessDeniedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public WorkflowAccessDeniedException(string message)
        : this("unknown", null, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkflowAccessDeniedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowAccessDeniedException(string message, Exception innerException)
        : this("unknown", null, message, innerException)
    {
    }

    /// <summary>Gets the workflow that was not run.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the user, or <see langword="null"/> when no user context was set.</summary>
    public string? UserId { get; }

    /// <summary>Gets the policy's reason.</summary>
    public string Reason { get; }
}
