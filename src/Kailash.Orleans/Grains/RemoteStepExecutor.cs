using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Orleans.Transport;
using Kailash.Runtime.Engine;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace Kailash.Orleans.Grains;

/// <summary>
/// The run grain's step executor: every node attempt's body runs on an <see cref="INodeExecutorGrain"/> keyed
/// <c>{runId}/{nodeId}/{iteration}/{attempt}</c>. The step is started by a call that also waits for it (no longer than
/// <see cref="KailashSiloOptions.StepPollInterval"/>), so a short step costs one call; a longer one is then polled. The
/// workflow travels by key: its document is sent only to a silo that does not hold it yet. When its executor's silo is lost (the call fails, or a fresh
/// activation answers that it never received the step), the step is sent again under the next attempt number; only the
/// current attempt's grain is ever asked for a result, so a lost attempt's late result is never accepted.
/// </summary>
/// <remarks>
/// Everything else stays in the engine on the run grain's silo: skip decisions, input binding and contracts, the node's
/// policy (retries, node and attempt timeouts, circuit breaker — a timeout cancels the wait here and the step on its
/// executor), recording and events.
/// </remarks>
internal sealed class RemoteStepExecutor : INodeStepExecutor
{
    /// <summary>The node field naming the silo a node's steps should run on (a hint: any silo when it is not active).</summary>
    public const string PlacementField = "placement";

    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly Workflow _workflow;
    private readonly string _workflowJson;
    private readonly string _workflowKey;
    private readonly string? _userJson;
    private readonly KailashSiloOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Node, int Iteration), int> _dispatches = new();
    private readonly string _coordinator = Guid.NewGuid().ToString("N");

    public RemoteStepExecutor(IGrainFactory grains, IClusterMembershipService membership, Workflow workflow, string workflowJson, string workflowKey, string? userJson, KailashSiloOptions options, ILogger logger)
    {
        _grains = grains;
        _membership = membership;
        _workflow = workflow;
        _workflowJson = workflowJson;
        _workflowKey = workflowKey;
        _userJson = userJson;
        _options = options;
        _logger = logger;
    }

    /// <summary>Gets the executor grain key of every dispatch so far, in order (diagnostics and tests).</summary>
    public ConcurrentQueue<string> Dispatched { get; } = new();

    public static string Key(string runId, string nodeId, int iteration, int attempt) => $"{runId}/{nodeId}/{iteration}/{attempt}";

    public async ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(Node node, NodeInputs inputs, NodeContext context)
    {
        var nodeId = context.NodeId;
        var iteration = context.Cycle?.Iteration ?? 0;
        var inputsJson = PortableValues.WriteMap(inputs, nodeId, "input")!;
        var cycle = context.Cycle is { } loop
            ? new StepCycle(loop.CycleId, loop.Iteration, loop.MaxIterations, loop.Elapsed.Ticks, PortableValues.WriteMap(loop.PreviousOutputs, nodeId, "previous output"))
            : null;
        var hint = _workflow.GetNode(nodeId).Extensions.GetValueOrDefault(PlacementField) as string;
        for (var dispatch = 1; ; dispatch++)
        {
            var attempt = _dispatches.AddOrUpdate((nodeId, iteration), 1, static (_, previous) => previous + 1);
            var key = Key(context.RunId, nodeId, iteration, attempt);
            Dispatched.Enqueue(key);
            var request = new StepRequest(context.RunId, null, nodeId, inputsJson, attempt, _userJson, cycle, _coordinator, _workflowKey);
            // The hint only places the first dispatch: the hinted silo is the one that just lost the step.
            var report = await DispatchAsync(key, request, dispatch == 1 ? hint : null, context.CancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                if (dispatch >= _options.MaxStepDispatches)
                {
                    throw new KailashException(
                        ErrorCodes.ClusterStepLost,
                        $"Node '{nodeId}' (iteration {iteration}) was lost {dispatch} times: the silos executing it died or stopped answering. Please check the cluster's health, or raise KailashSiloOptions.MaxStepDispatches.",
                        nodeId);
                }

                continue;
            }

            if (report.State == StepState.Completed)
            {
                return PortableValues.ReadMap(report.OutputsJson) ?? [];
            }

            throw PortableResult.FromError(report.Error!);
        }
    }

    /// <summary>Starts a step and polls it; <see langword="null"/> when its executor was lost.</summary>
    private async Task<StepReport?> DispatchAsync(string key, StepRequest request, string? hint, CancellationToken cancellationToken)
    {
        var executor = _grains.GetGrain<INodeExecutorGrain>(key);
        try
        {
            if (Resolve(hint) is { } silo)
            {
                RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            }
            else
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            StepReport report;
            try
            {
                // One call for a short step: start it and wait for it (up to the poll interval).
                report = await executor.RunAsync(request, _options.StepPollInterval).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (report.State == StepState.NeedsWorkflow)
                {
                    // The executor's silo has not seen this workflow yet: the document travels once per silo.
                    report = await executor.RunAsync(request with { WorkflowJson = _workflowJson }, _options.StepPollInterval).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            while (true)
            {
                switch (report.State)
                {
                    case StepState.Running:
                        report = await executor.PollAsync(_options.StepPollInterval).WaitAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    case StepState.Foreign:
                        // An earlier coordinator of this run (before a recovery) started this attempt: its result is not ours to take.
                        ClusterLog.StepLost(_logger, key, "started by an earlier coordinator", null);
                        return null;
                    case StepState.Unknown or StepState.NeedsWorkflow:
                        // A fresh activation answered: the one that received the step is gone with its silo.
                        ClusterLog.StepLost(_logger, key, "its executor's activation is gone", null);
                        return null;
                    default:
                        return report;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A timeout or the run's cancellation: stop the body on its executor too (best effort), then report the cancellation.
            _ = executor.CancelAsync().ContinueWith(static late => _ = late.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            ClusterLog.StepLost(_logger, key, ex.GetType().Name, ex);
            return null;
        }
    }

    /// <summary>The address of the active silo a placement hint names, if any.</summary>
    private SiloAddress? Resolve(string? hint)
    {
        if (hint is null)
        {
            return null;
        }

        foreach (var member in _membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && string.Equals(member.Name, hint, StringComparison.Ordinal))
            {
                return member.SiloAddress;
            }
        }

        return null;
    }
}
