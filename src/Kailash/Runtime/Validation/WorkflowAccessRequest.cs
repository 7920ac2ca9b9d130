using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>What an <see cref="IWorkflowAccessPolicy"/> is asked about: a workflow and the user who wants to run it.</summary>
public sealed class WorkflowAccessRequest
{
    internal WorkflowAccessRequest(Workflow workflow, UserContext? user)
    {
        Workflow = workflow;
        User = user;
    }

    /// <summary>Gets the workflow to run.</summary>
    public Workflow Workflow { get; }

    /// <summary>Gets the user the run is for, or <see langword="null"/> when no user context is set.</summary>
    public UserContext? User { get; }
}
