using Kailash.Workflows;

namespace Kailash.Runtime;

/// <summary>
/// Runs workflows asynchronously: independent nodes may run concurrently, up to <see cref="RuntimeOptions.MaxConcurrency"/>.
/// Gives the same results as <see cref="LocalRuntime"/> for the same workflow and parameters.
/// </summary>
public sealed class AsyncLocalRuntime : BaseRuntime
{
    /// <summary>Initializes a new instance of the <see cref="AsyncLocalRuntime"/> class.</summary>
    /// <param name="options">The settings; validated now, all problems reported together.</param>
    /// <exception cref="InvalidRuntimeOptionsException">The options are invalid.</exception>
    public AsyncLocalRuntime(RuntimeOptions? options = null)
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
    public ValueTask<WorkflowRunResult> ExecuteAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
        => RunAsynchronously(workflow, parameters, null, cancellationToken);

    /// <summary>Runs a workflow with per-call settings (user context, run id, progress).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="settings">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result.</returns>
    public ValueTask<WorkflowRunResult> ExecuteAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken = default)
        => RunAsynchronously(workflow, parameters, settings, cancellationToken);

    /// <summary>
    /// Runs a workflow and yields its events as they happen (<see cref="Events.RunEvent"/>, numbered 1, 2, 3… without
    /// gaps). Backpressure, never loss: a consumer that falls behind makes the run wait (<see cref="RunSettings.EventBufferSize"/>).
    /// The sequence ends with the run's end event; a failed run is an event, not an exception. Leaving the loop early
    /// cancels the run. To get the result too, pass <see cref="RunSettings.OnEvent"/> to <see cref="ExecuteAsync(Workflow, IReadOnlyDictionary{string, object?}?, RunSettings?, CancellationToken)"/>.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="settings">Per-call settings.</param>
    /// <param name="cancellationToken">Cancels the run and the sequence.</param>
    /// <returns>The run's events.</returns>
    /// <exception cref="KailashException">The run was refused before it started (from the first <c>MoveNextAsync</c>).</exception>
    public IAsyncEnumerable<Events.RunEvent> StreamAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, RunSettings? settings = null, CancellationToken cancellationToken = default)
        => StreamRun(workflow, parameters, settings, isSynchronous: false, cancellationToken);

    /// <summary>Resumes a run recorded in <see cref="RuntimeOptions.RunStore"/> (after a crash, a kill or a cancellation), with the workflow definition stored with it.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">Resume settings (drift, secret inputs, user).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result, every node included: completed nodes are not run again, their stored outputs are delivered.</returns>
    /// <exception cref="KailashException">The run cannot be resumed: unknown (<c>KWF124</c>), finished (<c>KWF125</c>), changed workflow (<c>KWF126</c>), lease held (<c>KWF127</c>), no store or no loadable definition (<c>KWF128</c>).</exception>
    public ValueTask<WorkflowRunResult> ResumeAsync(string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeAsynchronously(runId, null, settings, cancellationToken);

    /// <summary>Resumes a run recorded in <see cref="RuntimeOptions.RunStore"/> with the workflow it started with.</summary>
    /// <param name="workflow">The workflow the run started with.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">Resume settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The run's result.</returns>
    public ValueTask<WorkflowRunResult> ResumeAsync(Workflow workflow, string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeAsynchronously(runId, workflow ?? throw new ArgumentNullException(nameof(workflow)), settings, cancellationToken);
}
