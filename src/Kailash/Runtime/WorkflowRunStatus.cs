namespace Kailash.Runtime;

/// <summary>How a run ended.</summary>
public enum WorkflowRunStatus
{
    /// <summary>Every node completed or was skipped by routing.</summary>
    Completed,

    /// <summary>At least one node failed.</summary>
    Failed,

    /// <summary>The run was cancelled (token, run timeout).</summary>
    Cancelled,

    /// <summary>
    /// A node asked for input (<c>NodeContext.RequestInputAsync</c>, <c>SignalWaitNode</c>) and the run waits for it: the
    /// request is stored in the run store, <see cref="WorkflowRunResult.PendingInputs"/> lists it, and
    /// <c>Resume</c>/<c>ResumeAsync</c> with a response (<see cref="ResumeSettings.Responses"/>) finishes the run.
    /// </summary>
    Suspended,
}
