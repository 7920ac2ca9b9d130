namespace Kailash.Runtime.Validation;

/// <summary>An <see cref="IWorkflowAccessPolicy"/>'s answer: allowed, or denied with a reason the user can read.</summary>
public sealed class WorkflowAccessDecision
{
    private WorkflowAccessDecision(bool isAllowed, string? reason)
    {
        IsAllowed = isAllowed;
        Reason = reason;
    }

    /// <summary>Gets the decision that allows the run.</summary>
    public static WorkflowAccessDecision Allowed { get; } = new(true, null);

    /// <summary>Gets a value indicating whether the run may start.</summary>
    public bool IsAllowed { get; }

    /// <summary>Gets why the run was denied, or <see langword="null"/> when allowed.</summary>
    public string? Reason { get; }

    /// <summary>Creates a denial.</summary>
    /// <param name="reason">Why, in words the user can act on (for example "the role 'analyst' is required").</param>
    /// <returns>The decision.</returns>
    public static WorkflowAccessDecision Deny(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new WorkflowAccessDecision(false, reason);
    }
}
