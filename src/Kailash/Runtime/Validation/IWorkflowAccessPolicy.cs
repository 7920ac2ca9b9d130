namespace Kailash.Runtime.Validation;

/// <summary>
/// Decides whether a user may run a workflow. Set one as <c>RuntimeOptions.AccessPolicy</c>: it is asked once before
/// every run, with the run's user context; a denial throws <see cref="WorkflowAccessDeniedException"/> and runs nothing.
/// </summary>
/// <remarks>
/// Contract: called concurrently by runs on many threads; must not change the workflow. A policy that throws denies the
/// run (fail closed). The synchronous runtime waits for a policy that completes asynchronously.
/// </remarks>
public interface IWorkflowAccessPolicy
{
    /// <summary>Decides whether the run may start.</summary>
    /// <param name="request">The workflow and the user (which may be <see langword="null"/> when no user context is set).</param>
    /// <param name="cancellationToken">The run's cancellation token.</param>
    /// <returns>The decision.</returns>
    ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken);
}
