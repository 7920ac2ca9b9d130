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
}
