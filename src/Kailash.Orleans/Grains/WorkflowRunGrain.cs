using Kailash.Orleans.Transport;
using Kailash.Runtime;
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
/// scheduler (the engine is thread-safe and calls executor grains from the thread pool). The run's state lives in this
/// activation only for now: a run whose coordinating silo dies is lost (<see cref="ErrorCodes.ClusterRunUnknown"/>)
/// until the run grain persists through <c>IRunStore</c> (see docs/scale-out.md).
/// </remarks>
[Reentrant]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Grains are not disposed; the token source only cancels (no timer).")]
internal sealed class WorkflowRunGrain : Grain, IWorkflowRunGrain
{
    private readonly KailashSilo _silo;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger<WorkflowRunGrain> _logger;
    private readonly CancellationTokenSource _cancel = new();
    private RunRequest? _request;
    private Task<RunOutcome>? _run;

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
            return Task.FromResult<RunOutcome?>(_request == request ? null : Refused(new KailashException(
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
            return Task.FromResult<RunOutcome?>(Refused(ex));
        }

        _request = request;
        // Alive while the run runs; afterwards the regular idle collection applies (clients fetch the outcome before it).
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        var executor = new RemoteStepExecutor(GrainFactory, _membership, workflow, request.WorkflowJson, request.UserJson, _silo.Options, _logger);
        var settings = new RunSettings { RunId = request.RunId, UserContext = PortableValues.ReadUser(request.UserJson), StepExecutor = executor };
        var token = _cancel.Token;
        _run = Task.Run(
            () =>
            {
                // The caller's request context (a placement hint for this grain) must not follow the run's own calls.
                RequestContext.Clear();
                return RunDriver.RunAsync(_silo, workflow, parameters, settings, _logger, token);
            },
            CancellationToken.None);
        _ = _run.ContinueWith(_ => DelayDeactivation(TimeSpan.Zero), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current);
        return Task.FromResult<RunOutcome?>(null);
    }

    public async Task<RunOutcome?> WaitAsync(TimeSpan wait)
    {
        if (_run is null)
        {
            DeactivateOnIdle();
            return Refused(new KailashException(
                ErrorCodes.ClusterRunUnknown,
                $"The cluster does not know run '{this.GetPrimaryKeyString()}': it was never started, or the silo coordinating it died (runs are not persisted yet). Please start it again."));
        }

        if (!_run.IsCompleted)
        {
            await Task.WhenAny(_run, Task.Delay(wait)).ConfigureAwait(true);
        }

        return _run.IsCompleted ? await _run.ConfigureAwait(true) : null;
    }

    public Task CancelAsync()
    {
        _cancel.Cancel();
        return Task.CompletedTask;
    }

    private static RunOutcome? Refused(KailashException error) => RunDriver.Refused(error);
}
