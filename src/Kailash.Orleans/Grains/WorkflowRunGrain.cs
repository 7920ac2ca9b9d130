using Kailash.Durability;
using Kailash.Orleans.Transport;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Kailash.Orleans.Grains;

/// <summary>
/// Coordinates one run: loads the workflow from its document, then drives the silo's engine (the same
/// <c>ExecutionEngine</c> the local runtimes use, through <see cref="AsyncLocalRuntime"/>) with a
/// <see cref="RemoteStepExecutor"/>, so every node body runs on an executor grain. Clients start the run and then
/// long-poll <see cref="WaitAsync"/>; no call stays open for the length of the run.
/// </summary>
/// <remarks>
/// Reentrant: waits, cancellation and a repeated start interleave with the run, whose own work happens off the grain's
/// scheduler (the engine is thread-safe and calls executor grains from the thread pool). With a run store
/// (<see cref="RuntimeOptions.RunStore"/>) the engine records the run there (lease and fence in the store, not in
/// grain state); when the silo coordinating it dies, a fresh activation elsewhere resumes it from the store
/// (<see cref="RecoverAsync"/>, called by the recovery sweep or by a client's wait). Without a store such a run is lost
/// (<see cref="ErrorCodes.ClusterRunUnknown"/>).
/// </remarks>
[Reentrant]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Grains are not disposed; the token source only cancels (no timer).")]
internal sealed class WorkflowRunGrain : Grain, IWorkflowRunGrain
{
    private readonly KailashSilo _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<WorkflowRunGrain> _logger;
    private CancellationTokenSource _cancel = new();
    private RunRequest? _request;
    private Task<RunOutcome?>? _run;
    private RunEventLog? _log;

    public WorkflowRunGrain(KailashSilo silo, IClusterMembershipService membership, ILogger<WorkflowRunGrain> logger)
    {
        _silo = silo;
        _membership = membership;
        _logger = logger;
    }

    public Task<RunOutcome?> StartAsync(RunRequest request)
    {
        if (_request is not null)
        {
            return Task.FromResult<RunOutcome?>(_request == request ? null : RunDriver.Refused(new KailashException(
                ErrorCodes.ClusterRunConflict,
                $"Run '{request.RunId}' is already running on the cluster with another workflow or other parameters. Please use a new run id.")));
        }

        Workflow workflow;
        Dictionary<string, object?>? parameters;
        try
        {
            workflow = _silo.Load(request.WorkflowJson);
            parameters = PortableValues.ReadMap(request.ParametersJson);
        }
        catch (KailashException ex)
        {
            return Task.FromResult<RunOutcome?>(RunDriver.Refused(ex));
        }

        var user = PortableValues.ReadUser(request.UserJson);
        Run(request, workflow, (executor, onEvent, token) => _silo.Runtime.ExecuteAsync(
            workflow,
            parameters,
            new RunSettings { RunId = request.RunId, UserContext = user, Durability = request.Durability, OnEvent = onEvent, StepExecutor = executor },
            token));
        return Task.FromResult<RunOutcome?>(null);
    }

    public async Task<RunOutcome?> ResumeAsync(ResumeRequest request)
    {
        if (_run is { IsCompleted: false })
        {
            return RunDriver.Refused(new KailashException(
                ErrorCodes.ClusterRunActive,
                $"Run '{request.RunId}' is running on the cluster now, so it cannot be resumed. Please wait for its result or watch it (ClusterRuntime.WatchAsync)."));
        }

        var store = _silo.Runtime.Options.RunStore;
        var record = store is null ? null : await store.GetRunAsync(request.RunId).ConfigureAwait(true);
        if (_run is { IsCompleted: false })
        {
            // Recovered meanwhile (reentrant): the run is running here now.
            return await ResumeAsync(request).ConfigureAwait(true);
        }

        if ((request.WorkflowJson ?? record?.Definition) is not { } document)
        {
            // No store, no stored run or no stored definition: the engine refuses with the code a local resume gives.
            return await RunDriver.RunAsync(() => _silo.Runtime.ResumeAsync(request.RunId, new ResumeSettings { Registry = _silo.Registry }), request.RunId, _logger).ConfigureAwait(true);
        }

        Workflow workflow;
        Dictionary<string, object?>? parameters;
        try
        {
            workflow = _silo.Load(document);
            parameters = PortableValues.ReadMap(request.ParametersJson);
        }
        catch (KailashException ex)
        {
            return RunDriver.Refused(ex);
        }

        var user = PortableValues.ReadUser(request.UserJson);
        Run(new RunRequest(request.RunId, document, null, request.UserJson, request.Events), workflow, (executor, onEvent, token) => _silo.Runtime.ResumeAsync(
            workflow,
            request.RunId,
            new ResumeSettings { AllowDrift = request.AllowDrift, Parameters = parameters, UserContext = user, Registry = _silo.Registry, Durability = request.Durability, OnEvent = onEvent, StepExecutor = executor },
            token));
        return null;
    }

    public async Task<EventBatch> EventsAsync(long afterSeq, TimeSpan wait)
    {
        var runId = this.GetPrimaryKeyString();
        if (_log is { } log)
        {
            var (events, ended, covered) = await log.ReadAsync(afterSeq, wait).ConfigureAwait(true);
            if (covered)
            {
                return new EventBatch([.. events.Select(RunEventJson.Serialize)], ended, ended && events.Count == 0 ? RefusalOf(_run) : null);
            }
        }

        if (_silo.Runtime.Options.RunStore is not { } store)
        {
            return new EventBatch([], true, RefusalOf(_run) ?? RunDriver.Refused(new KailashException(
                ErrorCodes.WatchUnavailable,
                $"Run '{runId}' cannot be watched: the silos have no run store and the run is not running on the cluster with its events kept. Please give the silos a RuntimeOptions.RunStore, or stream the run (ClusterRuntime.StreamAsync).")));
        }

        // Before this activation's log (a resumed run), or not running here: the stored events, in sequence order.
        var from = Math.Max(0, afterSeq);
        var stored = await store.ReadEventsAsync(runId, from).ConfigureAwait(true);
        if (stored.Count == 0 && _log is null)
        {
            var record = await store.GetRunAsync(runId).ConfigureAwait(true);
            if (record is null && _run is null)
            {
                return new EventBatch([], true, RunDriver.Refused(new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{runId}'. Please check the run id (kailash runs list shows the stored runs).")));
            }

            if (record is null || record.Status != DurableRunStatus.Running)
            {
                // Ended: read once more, since its last events may have been stored just before its status.
                stored = await store.ReadEventsAsync(runId, from).ConfigureAwait(true);
                return new EventBatch([.. stored.Select(e => e.Payload!)], stored.Count == 0, stored.Count == 0 ? RefusalOf(_run) : null);
            }
        }

        if (stored.Count == 0)
        {
            // Running (here, with its earlier events not stored yet, or in another process): ask the store again shortly.
            await Task.Delay(TimeSpan.FromTicks(Math.Min(wait.Ticks, BaseRuntime.WatchPollInterval.Ticks))).ConfigureAwait(true);
        }

        return new EventBatch([.. stored.Select(e => e.Payload!)], false);
    }

    public async Task<RunOutcome?> WaitAsync(TimeSpan wait)
    {
        if (_run is null)
        {
            if (await RecoverCoreAsync().ConfigureAwait(true) is { } lost)
            {
                DeactivateOnIdle();
                return lost;
            }

            if (_run is null)
            {
                // Its coordinator's lease has not expired yet: ask again later (the recovery sweep may resume it meanwhile).
                await Task.Delay(wait).ConfigureAwait(true);
                return null;
            }
        }

        if (!_run.IsCompleted)
        {
            await Task.WhenAny(_run, Task.Delay(wait)).ConfigureAwait(true);
        }

        if (!_run.IsCompleted)
        {
            return null;
        }

        if (await _run.ConfigureAwait(true) is { } outcome)
        {
            return outcome;
        }

        // The run was abandoned because this silo is stopping: its outcome is not the run's; the caller asks again and reaches a live silo.
        await Task.Delay(wait).ConfigureAwait(true);
        return null;
    }

    public async Task<bool> RecoverAsync() => await RecoverCoreAsync().ConfigureAwait(true) is null && _run is not null;

    public Task CancelAsync()
    {
        _cancel.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Resumes the run from the store unless this activation already runs it, or its lease is still held by another
    /// process (then nothing happens yet); returns why not when the run cannot be resumed at all.
    /// </summary>
    private async Task<RunOutcome?> RecoverCoreAsync()
    {
        var runId = this.GetPrimaryKeyString();
        if (_run is not null)
        {
            return null;
        }

        var store = _silo.Runtime.Options.RunStore;
        var record = store is null ? null : await store.GetRunAsync(runId).ConfigureAwait(true);
        if (_run is not null)
        {
            // Another call (reentrant) started or recovered it while the store was read.
            return null;
        }

        if (record is not { Status: DurableRunStatus.Running, Definition: { } definition })
        {
            return RunDriver.Refused(new KailashException(
                ErrorCodes.ClusterRunUnknown,
                record is null
                    ? $"The cluster does not know run '{runId}': it was never started, or the silo coordinating it died and the silos have no run store to resume it from. Please start it again, or give the silos a RuntimeOptions.RunStore."
                    : $"Run '{runId}' is {record.Status.ToString().ToLowerInvariant()} in the run store and its coordinating silo is gone, so its result is no longer held by the cluster. Please read it from the run store."));
        }

        if (record.LeaseOwner is { } owner && owner != Kailash.Runtime.Engine.Durable.RunJournal.Owner
            && record.LeaseExpiresAt is { } expires && expires > _silo.Runtime.Options.TimeProvider.GetUtcNow())
        {
            return null;
        }

        Workflow workflow;
        try
        {
            workflow = _silo.Load(definition);
        }
        catch (KailashException ex)
        {
            return RunDriver.Refused(ex);
        }

        var request = new RunRequest(runId, definition, null, null);
        Run(request, workflow, (executor, onEvent, token) => _silo.Runtime.ResumeAsync(workflow, runId, new ResumeSettings { Registry = _silo.Registry, OnEvent = onEvent, StepExecutor = executor }, token));
        return null;
    }

    /// <summary>Starts driving the run off the grain's scheduler; the activation stays alive until it ends.</summary>
    /// <summary>The outcome of a run that ended refused (no result), if this activation ran one.</summary>
    private static RunOutcome? RefusalOf(Task<RunOutcome?>? run)
        => run is { IsCompletedSuccessfully: true, Result: { ResultJson: null } refused } ? refused : null;

    private void Run(RunRequest request, Workflow workflow, Func<RemoteStepExecutor, Action<RunEvent>?, CancellationToken, ValueTask<WorkflowRunResult>> drive)
    {
        _request = request;
        // Events are kept for watchers when a run store lets them watch, or when the caller streams the run.
        var log = request.Events || _silo.Runtime.Options.RunStore is not null ? new RunEventLog() : null;
        _log = log;
        if (_cancel.IsCancellationRequested)
        {
            _cancel = new CancellationTokenSource();
        }

        // Alive while the run runs; afterwards the regular idle collection applies (clients fetch the outcome before it).
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        var key = KailashSilo.KeyOf(request.WorkflowJson);
        _silo.Remember(key, workflow);
        var executor = new RemoteStepExecutor(GrainFactory, _membership, workflow, request.WorkflowJson, key, request.UserJson, _silo.Options, _logger);
        var token = _cancel.Token;
        var silo = _silo;
        _run = Task.Run(
            () =>
            {
                // The caller's request context (a placement hint for this grain) must not follow the run's own calls.
                RequestContext.Clear();
                return RunDriver.RunUnlessStoppingAsync(silo, () => drive(executor, log is null ? null : log.Add, token), request.RunId, _logger);
            },
            CancellationToken.None);
        _ = _run.ContinueWith(
            _ =>
            {
                if (!silo.IsStopping)
                {
                    // A stopping silo's run is not over: it resumes elsewhere, and its watchers reach that activation.
                    log?.End();
                }

                DelayDeactivation(TimeSpan.Zero);
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Current);
    }
}
