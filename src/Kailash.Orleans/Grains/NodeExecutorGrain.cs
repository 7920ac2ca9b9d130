using Orleans.Placement;

namespace Kailash.Orleans.Grains;

/// <summary>
/// Runs one node step: rebuilds the node from the workflow document with the silo's registry, runs its body in the
/// background, answers the start call when the body finished within the call's wait, and answers polls. Random placement (or the silo a placement hint
/// names); never a stateless worker, whose activations would always live on the run grain's silo.
/// </summary>
[RandomPlacement]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Grains are not disposed: the token source is disposed when the activation deactivates.")]
internal sealed class NodeExecutorGrain : Grain, INodeExecutorGrain
{
    private static readonly StepReport Unknown = new(StepState.Unknown, null, null, null);
    private static readonly StepReport NeedsWorkflow = new(StepState.NeedsWorkflow, null, null, null);
    private static readonly StepReport Foreign = new(StepState.Foreign, null, null, null);

    private readonly KailashSilo _silo;
    private readonly ILocalSiloDetails _local;
    private readonly CancellationTokenSource _cancel = new();
    private Task<StepReport>? _step;
    private string? _coordinator;

    public NodeExecutorGrain(KailashSilo silo, ILocalSiloDetails local)
    {
        _silo = silo;
        _local = local;
    }

    public Task<StepReport> RunAsync(StepRequest request, TimeSpan wait)
    {
        if (_step is null)
        {
            // The document travels only when this silo does not hold the workflow yet (once per silo and workflow).
            var workflow = request.WorkflowJson is null ? _silo.Cached(request.WorkflowKey) : null;
            if (workflow is null && request.WorkflowJson is null)
            {
                return Task.FromResult(NeedsWorkflow);
            }

            _coordinator = request.Coordinator;
            // Kept alive while the body runs, however long the node takes.
            DelayDeactivation(Timeout.InfiniteTimeSpan);
            var token = _cancel.Token;
            _step = Task.Run(
                () =>
                {
                    RequestContext.Clear();
                    return StepRunner.RunAsync(_silo, _local.Name, request, workflow, token);
                },
                CancellationToken.None);
            _ = _step.ContinueWith(_ => DelayDeactivation(TimeSpan.Zero), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current);
        }

        return string.Equals(_coordinator, request.Coordinator, StringComparison.Ordinal) ? PollAsync(wait) : Task.FromResult(Foreign);
    }

    public async Task<StepReport> PollAsync(TimeSpan wait)
    {
        if (_step is null)
        {
            // A fresh activation: the step was received by one that is gone. Nothing to keep.
            DeactivateOnIdle();
            return Unknown;
        }

        if (!_step.IsCompleted)
        {
            await Task.WhenAny(_step, Task.Delay(wait)).ConfigureAwait(true);
            if (!_step.IsCompleted)
            {
                return new StepReport(StepState.Running, null, null, _local.Name);
            }
        }

        DeactivateOnIdle();
        return await _step.ConfigureAwait(true);
    }

    public Task CancelAsync()
    {
        _cancel.Cancel();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _cancel.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
