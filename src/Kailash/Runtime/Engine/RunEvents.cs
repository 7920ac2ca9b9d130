using System.Text.Json;
using Kailash.Runtime.Events;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The one emitter of a run's events (<see cref="RunEvent"/>): the engine's single points (run start and end, node
/// start, the recording path, retries, cycle iterations) call it, it numbers each event (<see cref="RunEvent.Seq"/>
/// 1, 2, 3… per run, continued across pauses through <see cref="RunState.EventSeq"/>) and hands it to every sink in
/// that order. A run has one only when someone listens (<see cref="RunContext.Events"/> is <see langword="null"/>
/// otherwise), so a run nobody watches allocates nothing for events.
/// </summary>
internal sealed class RunEvents
{
    private static readonly string[] SkipReasons = [.. Enum.GetNames<SkipReason>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

    private readonly RunState _state;
    private readonly TimeProvider _time;
    private readonly IRunEventSink[] _sinks;
    private readonly Lock _gate = new();

    private RunEvents(RunState state, TimeProvider time, IRunEventSink[] sinks)
    {
        _state = state;
        _time = time;
        _sinks = sinks;
    }

    public string RunId => _state.RunId;

    /// <summary>Gets a value indicating whether a sink holds events its consumer has not taken yet: the run waits (<see cref="DrainAsync"/>) before its next node.</summary>
    public bool Backlogged
    {
        get
        {
            foreach (var sink in _sinks)
            {
                if (sink.Backlogged)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Creates a run's emitter, or returns <see langword="null"/> when there is no sink (nobody listens).</summary>
    /// <param name="state">The run's state (its id and its last sequence number).</param>
    /// <param name="time">The clock events are stamped with.</param>
    /// <param name="sinks">The receivers; <see langword="null"/> entries are ignored.</param>
    /// <returns>The emitter, or <see langword="null"/>.</returns>
    public static RunEvents? Create(RunState state, TimeProvider time, params ReadOnlySpan<IRunEventSink?> sinks)
    {
        var count = 0;
        foreach (var sink in sinks)
        {
            count += sink is null ? 0 : 1;
        }

        if (count == 0)
        {
            return null;
        }

        var chosen = new IRunEventSink[count];
        count = 0;
        foreach (var sink in sinks)
        {
            if (sink is not null)
            {
                chosen[count++] = sink;
            }
        }

        return new RunEvents(state, time, chosen);
    }

    /// <summary>Numbers an event, stamps its time and hands it to every sink, in sequence order.</summary>
    /// <param name="runEvent">The event (its run id must be this run's).</param>
    public void Emit(RunEvent runEvent)
    {
        lock (_gate)
        {
            runEvent.Stamp(++_state.EventSeq, _time.GetUtcNow());
            foreach (var sink in _sinks)
            {
                sink.OnEvent(runEvent);
            }
        }
    }

    /// <summary>
    /// Waits until every sink has handed on what it kept (a slow stream consumer made room). A cancelled run stops
    /// waiting without an exception: its next nodes are recorded as cancelled, and the stream gets their events later.
    /// </summary>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <returns>A task that completes when no sink is backlogged or the run is cancelled.</returns>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var sink in _sinks)
            {
                await sink.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run was cancelled while it waited: it goes on, and records its remaining nodes as cancelled.
        }
    }

    public void RunStarted(ExecutionPlan plan)
        => Emit(new RunStarted { RunId = RunId, WorkflowId = plan.Workflow.Id, TotalNodes = plan.Nodes.Length });

    public void RunResumed(int restoredNodes) => Emit(new RunResumed { RunId = RunId, RestoredNodes = restoredNodes });

    /// <summary>The run ended: completed, failed (the first failed node in plan order, its error masked) or cancelled.</summary>
    public void RunFinished(WorkflowRunResult result)
    {
        switch (result.Status)
        {
            case WorkflowRunStatus.Cancelled:
                Emit(new RunCancelled { RunId = RunId, Reason = "The run was cancelled." });
                return;
            case WorkflowRunStatus.Suspended:
                Emit(new RunSuspended { RunId = RunId, RequestIds = [.. result.PendingInputs.Select(static r => r.RequestId)] });
                return;
            case WorkflowRunStatus.Failed:
                var (nodeId, failed) = result.Results.FirstOrDefault(static pair => pair.Value.Status == NodeStatus.Failed);
                Emit(new RunFailed { RunId = RunId, NodeId = nodeId, Code = failed?.ErrorCode, Error = failed?.Error?.Message });
                return;
            default:
                Emit(new RunCompleted { RunId = RunId, Duration = result.Duration });
                return;
        }
    }

    /// <summary>The engine itself failed (a scheduler threw): the run ends without a result.</summary>
    public void RunAborted(Exception error)
        => Emit(new RunFailed { RunId = RunId, Code = (error as KailashException)?.Code ?? ErrorCodes.NodeFailed, Error = error.Message });

    /// <summary>A node's body is about to run (after its skip decision and input binding).</summary>
    public void NodeStarted(PlanNode node, int iteration, int attempt)
        => Emit(new NodeStarted { RunId = RunId, NodeId = node.Id, NodeType = node.TypeName, Iteration = iteration, Attempt = attempt });

    /// <summary>A node result entered the run through the recording path (already masked).</summary>
    public void NodeRecorded(PlanNode node, NodeResult result, int iteration)
    {
        RunEvent runEvent = result.Status switch
        {
            NodeStatus.Completed => new NodeCompleted { RunId = RunId, NodeId = node.Id, NodeType = node.TypeName, Iteration = iteration, Duration = result.Duration, Ports = result.Outputs is { Count: > 0 } outputs ? [.. outputs.Keys] : [] },
            NodeStatus.Skipped => new NodeSkipped { RunId = RunId, NodeId = node.Id, NodeType = node.TypeName, Iteration = iteration, Reason = SkipReasons[(int)result.SkipReason] },
            _ => new NodeFailed { RunId = RunId, NodeId = node.Id, NodeType = node.TypeName, Iteration = iteration, Code = result.ErrorCode, Error = result.Error?.Message ?? result.Status.ToString() },
        };
        Emit(runEvent);
    }

    /// <summary>A node failed an attempt and will be tried again (the error already masked).</summary>
    public void NodeRetrying(PlanNode node, int iteration, int attempt, TimeSpan delay, Exception? error)
        => Emit(new NodeRetrying { RunId = RunId, NodeId = node.Id, NodeType = node.TypeName, Iteration = iteration, Attempt = attempt, Delay = delay, Error = error?.Message });

    /// <summary>A cycle finished one iteration.</summary>
    public void CycleIteration(string cycleId, int iteration, int maxIterations)
        => Emit(new CycleIteration { RunId = RunId, CycleId = cycleId, Iteration = iteration, MaxIterations = maxIterations });
}
