namespace Kailash.Runtime;

/// <summary>What a run does when a node fails.</summary>
public enum ErrorPolicy
{
    /// <summary>Stop starting nodes; <c>Execute</c>/<c>ExecuteAsync</c> throw <see cref="WorkflowExecutionException"/> with the partial result. The default.</summary>
    Stop,

    /// <summary>Record the failure, skip the failed node's dependents (reason <see cref="SkipReason.UpstreamFailed"/>), finish the rest and return a result with status <see cref="WorkflowRunStatus.Failed"/>.</summary>
    Continue,
}
