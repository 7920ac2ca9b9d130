namespace Kailash.Runtime;

/// <summary>How a node's part in a run ended.</summary>
public enum NodeStatus
{
    /// <summary>The node ran and produced outputs.</summary>
    Completed,

    /// <summary>The node did not run; <see cref="NodeResult.SkipReason"/> says why.</summary>
    Skipped,

    /// <summary>The node ran and failed; <see cref="NodeResult.Error"/> holds the cause.</summary>
    Failed,

    /// <summary>The run was cancelled before or while the node ran.</summary>
    Cancelled,

    /// <summary>The node asked for input and waits for a response (the run is <see cref="WorkflowRunStatus.Suspended"/>).</summary>
    Waiting,
}
