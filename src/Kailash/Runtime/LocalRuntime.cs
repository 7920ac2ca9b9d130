using Kailash.Workflows;

namespace Kailash.Runtime;

/// <summary>
/// Runs workflows synchronously: one node at a time, on the calling thread, every wait completed in place.
/// Gives the same results as <see cref="AsyncLocalRuntime"/> for the same workflow and parameters.
/// </summary>
public sealed class LocalRuntime : BaseRuntime
{
    /// <summary>Initializes a new instance of the <see cref="LocalRuntime"/> class.</summary>
    /// <param name="options">The settings; validated now, all problems reported together.</param>
    /// <exception cref="InvalidRuntimeOptionsException">The options are invalid.</exception>
    public LocalRuntime(RuntimeOptions? options = null)
        : base(options)
    {
    }

    /// <summary>Runs a workflow.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">Parameters: <c>{param: value}</c> for every node declaring <c>param</c>, and/or <c>{nodeId: {param: value}}</c>.</param>
    /// <param name="cancellationToken">Cancels the run; every node sees it.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="WorkflowExecutionException">A node failed under <see cref="ErrorPolicy.Stop"/>; the partial result is attached.</exception>
    /// <exception cref="WorkflowCancelledException">The run was cancelled; the partial result is attached.</exception>
    public WorkflowRunResult Execute(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
        => RunSynchronously(workflow, parameters, null, cancellationToken);

    /// <summary>Runs a workflow with per-call settings (user context, run id, progress).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="settings">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result.</returns>
    public WorkflowRunResult Execute(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken = default)
        => RunSynchronously(workflow, parameters, settings, cancellationToken);

    /// <summary>
    /// Runs a workflow on its own thread and yields its events as they happen, blocking the caller between events —
    /// the same events, in the same order, as <c>AsyncLocalRuntime.StreamAsync</c>. Backpressure, never loss; the
    /// sequence ends with the run's end event; leaving the loop early cancels the run.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="settings">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the run and the sequence.</param>
    /// <returns>The run's events.</returns>
    /// <exception cref="KailashException">The run was refused before it started (from the first <c>MoveNext</c>).</exception>
    public IEnumerable<Events.RunEvent> Stream(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, RunSettings? settings = null, CancellationToken cancellationToken = default)
        => StreamRunBlocking(workflow, parameters, settings, cancellationToken);

    /// <summary>Resumes a run recorded in <see cref="RuntimeOptions.RunStore"/> (after a crash, a kill or a cancellation), with the workflow definition stored with it.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">Resume settings (drift, secret inputs, user).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result, every node included: completed nodes are not run again, their stored outputs are delivered.</returns>
    /// <exception cref="KailashException">The run cannot be resumed: unknown (<c>KWF124</c>), finished (<c>KWF125</c>), changed workflow (<c>KWF126</c>), lease held (<c>KWF127</c>), no store or no loadable definition (<c>KWF128</c>).</exception>
    public WorkflowRunResult Resume(string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeSynchronously(runId, null, settings, cancellationToken);

    /// <summary>Resumes a run recorded in <see cref="RuntimeOptions.RunStore"/> with the workflow it started with.</summary>
    /// <param name="workflow">The workflow the run started with.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">Resume settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result.</returns>
    public WorkflowRunResult Resume(Workflow workflow, string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeSynchronously(runId, workflow ?? throw new ArgumentNullException(nameof(workflow)), settings, cancellationToken);
}
