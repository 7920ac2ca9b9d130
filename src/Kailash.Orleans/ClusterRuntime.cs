using Kailash.Orleans.Grains;
using Kailash.Orleans.Transport;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Orleans;

/// <summary>
/// Runs workflows on an Orleans cluster whose silos call <see cref="KailashSiloBuilderExtensions.AddKailash"/>: a run
/// grain coordinates the run with the Kailash engine and every node step runs on an executor grain, on any silo. Gives
/// the same <see cref="WorkflowRunResult"/> as <see cref="AsyncLocalRuntime"/> for workflows whose nodes are registered
/// on the silos and whose values are JSON-like (see docs/scale-out.md).
/// </summary>
/// <remarks>
/// The workflow travels as its JSON document and the parameters as JSON; the engine options are the silos'
/// (<see cref="KailashSiloOptions.Runtime"/>). The call starts the run, then long-polls for its outcome.
/// </remarks>
public sealed partial class ClusterRuntime
{
    /// <summary>The default of <see cref="WaitInterval"/>.</summary>
    public static readonly TimeSpan DefaultWaitInterval = TimeSpan.FromSeconds(10);

    private const int MaxCallAttempts = 10;

    private readonly IGrainFactory _grains;

    /// <summary>Initializes a new instance of the <see cref="ClusterRuntime"/> class.</summary>
    /// <param name="grains">The cluster: an <see cref="IClusterClient"/>, or a silo's own <see cref="IGrainFactory"/> when co-hosted.</param>
    public ClusterRuntime(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
    }

    /// <summary>Gets how long one wait for a run's outcome lasts before it asks again (shorter than Orleans' response timeout).</summary>
    public TimeSpan WaitInterval { get; init; } = DefaultWaitInterval;

    /// <summary>Runs a workflow on the cluster.</summary>
    /// <param name="workflow">The workflow; every node type must be registered on the silos.</param>
    /// <param name="parameters">The parameters (JSON-like values).</param>
    /// <param name="cancellationToken">Cancels the run on the cluster.</param>
    /// <returns>The run's result.</returns>
    /// <exception cref="WorkflowExecutionException">A node failed under <see cref="ErrorPolicy.Stop"/>; the partial result is attached.</exception>
    /// <exception cref="WorkflowCancelledException">The run was cancelled; the partial result is attached.</exception>
    /// <exception cref="KailashException">The run was refused: the workflow or a value cannot travel (<c>KWF190</c>, <c>KWF191</c>), or the silos' engine refused it.</exception>
    public ValueTask<WorkflowRunResult> ExecuteAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
        => ExecuteAsync(workflow, parameters, null, cancellationToken);


    /// <summary>Runs a workflow on the cluster with per-call settings (run id, user, durability, event callback).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="settings">
    /// Per-call settings: <see cref="RunSettings.RunId"/>, <see cref="RunSettings.UserContext"/> and
    /// <see cref="RunSettings.Durability"/> travel; <see cref="RunSettings.OnEvent"/> is called here, in sequence order,
    /// before the call returns; a progress receiver cannot travel (<c>KWF194</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the run on the cluster.</param>
    /// <returns>The run's result.</returns>
    public async ValueTask<WorkflowRunResult> ExecuteAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var request = Request(workflow, parameters, settings, events: settings?.OnEvent is not null);
        var run = _grains.GetGrain<IWorkflowRunGrain>(request.RunId);
        if (await CallAsync(() => run.StartAsync(request), cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return Settle(workflow, refused, cancellationToken);
        }

        return await FinishAsync(run, workflow, settings?.OnEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resumes a run recorded in the silos' run store (after a crash, a kill or a cancellation), with the workflow definition stored with it; the run may have been started on a local runtime with the same store.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">
    /// Resume settings: drift, parameters (secret inputs), user, durability and the event callback travel (the callback is
    /// called here); <see cref="ResumeSettings.Registry"/> is the silos' (<see cref="KailashSiloOptions.Registry"/>);
    /// a progress receiver cannot travel (<c>KWF194</c>).
    /// </param>
    /// <param name="cancellationToken">Cancels the run on the cluster.</param>
    /// <returns>The run's result, every node included: completed nodes are not run again.</returns>
    /// <exception cref="KailashException">The run cannot be resumed: the local runtimes' codes (<c>KWF124</c>–<c>KWF128</c>), or the cluster is running it now (<c>KWF197</c>).</exception>
    public ValueTask<WorkflowRunResult> ResumeAsync(string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeCoreAsync(null, runId, settings, cancellationToken);

    /// <summary>Resumes a run recorded in the silos' run store with the workflow it started with.</summary>
    /// <param name="workflow">The workflow the run started with (it travels as its document).</param>
    /// <param name="runId">The run id.</param>
    /// <param name="settings">Resume settings (as for <see cref="ResumeAsync(string, ResumeSettings?, CancellationToken)"/>).</param>
    /// <param name="cancellationToken">Cancels the run on the cluster.</param>
    /// <returns>The run's result.</returns>
    public ValueTask<WorkflowRunResult> ResumeAsync(Workflow workflow, string runId, ResumeSettings? settings = null, CancellationToken cancellationToken = default)
        => ResumeCoreAsync(workflow ?? throw new ArgumentNullException(nameof(workflow)), runId, settings, cancellationToken);

    private async ValueTask<WorkflowRunResult> ResumeCoreAsync(Workflow? workflow, string runId, ResumeSettings? settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        RefuseProgress(settings?.Progress);
        var request = new ResumeRequest(
            runId,
            workflow is null ? null : Document(workflow),
            settings?.AllowDrift ?? false,
            PortableValues.WriteMap(settings?.Parameters, "parameters", "parameter"),
            PortableValues.WriteUser(settings?.UserContext),
            settings?.Durability,
            settings?.OnEvent is not null);
        var run = _grains.GetGrain<IWorkflowRunGrain>(runId);
        if (await CallAsync(() => run.ResumeAsync(request), cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return Settle(workflow, refused, cancellationToken);
        }

        return await FinishAsync(run, workflow, settings?.OnEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for a started run's outcome (calling <paramref name="onEvent"/> for each of its events meanwhile) and settles it.</summary>
    private async Task<WorkflowRunResult> FinishAsync(IWorkflowRunGrain run, Workflow? workflow, Action<RunEvent>? onEvent, CancellationToken cancellationToken)
    {
        var pump = onEvent is null ? Task.CompletedTask : PumpAsync(run, onEvent);
        var outcome = await OutcomeAsync(run, cancellationToken).ConfigureAwait(false);
        try
        {
            // The run is over, so its events are all kept: the callback has had every one when the call returns, as locally.
            await pump.ConfigureAwait(false);
        }
        catch (KailashException)
        {
            // The run was refused without events: the outcome says why.
        }

        return Settle(workflow, outcome, cancellationToken);
    }

    /// <summary>Long-polls the run grain until the run's outcome; cancelling cancels the run on the cluster and still waits for its (cancelled) outcome.</summary>
    private async Task<RunOutcome> OutcomeAsync(IWorkflowRunGrain run, CancellationToken cancellationToken)
    {
        var cancelled = false;
        while (true)
        {
            try
            {
                if (await CallAsync(() => run.WaitAsync(WaitInterval), cancelled ? CancellationToken.None : cancellationToken).ConfigureAwait(false) is { } outcome)
                {
                    return outcome;
                }
            }
            catch (OperationCanceledException) when (!cancelled && cancellationToken.IsCancellationRequested)
            {
                // Cancel the run on the cluster, then wait for its (cancelled) result like the local runtimes do.
                cancelled = true;
                await run.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Calls the run grain, trying again when the call itself failed (a gateway or silo that just died): starting,
    /// waiting and reading events are idempotent, and the grains never throw, so only transport failures are retried.
    /// </summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxCallAttempts && ex is OrleansException or TimeoutException)
            {
                // About 15 s in all: long enough for the cluster to declare a dead silo dead and move the run grain.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void RefuseProgress(IProgress<WorkflowProgress>? progress)
    {
        if (progress is not null)
        {
            throw new KailashException(ErrorCodes.ClusterSettingNotPortable, "A progress receiver belongs to the calling process and cannot follow a run onto the cluster. Please remove the Progress setting for cluster runs (RunSettings.OnEvent and StreamAsync give the run's events).");
        }
    }

    private static string Document(Workflow workflow)
    {
        try
        {
            return WorkflowSerializer.ToJson(workflow);
        }
        catch (Exception ex) when (ex is WorkflowValidationException or KailashException)
        {
            throw new KailashException(ErrorCodes.ClusterWorkflowNotPortable, $"Workflow '{workflow.Id}' cannot be written as a document, which is how it travels to the cluster: {ex.Message}", null, null, ex);
        }
    }

    private static RunRequest Request(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool events)
    {
        RefuseProgress(settings?.Progress);
        return new RunRequest(
            settings?.RunId ?? Guid.NewGuid().ToString(),
            Document(workflow),
            PortableValues.WriteMap(parameters, "parameters", "parameter"),
            PortableValues.WriteUser(settings?.UserContext),
            events,
            settings?.Durability);
    }

    /// <summary>Turns an outcome into the result or the exception the local runtimes give.</summary>
    private static WorkflowRunResult Settle(Workflow? workflow, RunOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.ValidationErrors is { } problems)
        {
            throw new WorkflowValidationException([.. problems.Select(e => new WorkflowError(e.Code, e.Message, e.NodeId, e.Port, e.Location))]);
        }
        if (outcome.ResultJson is null)
        {
            throw PortableResult.FromError(outcome.Error!);
        }

        var result = PortableResult.Read(outcome.ResultJson, workflow);
        if (result.Status == WorkflowRunStatus.Cancelled)
        {
            throw new WorkflowCancelledException(result, cancellationToken);
        }

        if (outcome.StoppedAtNode is { } node)
        {
            // The same exception the local runtimes throw: the cycle when it failed as a whole, else the node.
            throw WorkflowExecutionException.For(node, result.Results[node].Error!, result);
        }

        return result;
    }
}
