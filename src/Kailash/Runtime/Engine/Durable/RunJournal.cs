using System.Text.Json;
using Kailash.Durability;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// What a durable run writes to its <see cref="IRunStore"/>, from the engine's one recording path: a start row per node
/// execution (its attempt), one result row per (node, iteration) with the outputs as UTF-8 JSON written once, one closing
/// row per cycle (its report and its members' final results), and every <see cref="RuntimeOptions.CheckpointInterval"/>
/// results a frontier checkpoint (no outputs) taken when no unit is in flight. Everything goes through one ordered queue
/// and one writer, so what the store holds after a crash is always a prefix of what the run recorded.
/// </summary>
/// <remarks>
/// <see cref="DurabilityMode.Sync"/> writes the queue before a node's body runs (its start) and before its dependents start
/// (its result); concurrent nodes' commits share one transaction (group commit). <see cref="DurabilityMode.Batched"/>
/// writes it every <see cref="RuntimeOptions.DurableFlushInterval"/> and when the run ends, pauses or fails. Every write
/// carries the fence of the run's lease, which the writer renews; a lost lease fails the run with <c>KWF129</c>.
/// Store writes never use the run's cancellation token: a cancelled run still records how far it got.
/// The file is over 400 lines on purpose: the queue, its single writer, checkpoints and lease renewal share one lock
/// and one order, and splitting them would spread that invariant over several types.
/// </remarks>
internal sealed class RunJournal : IAsyncDisposable, IRunEventSink
{
    /// <summary>The node id prefix of a cycle's closing row (node ids cannot start with it: the loader and builder refuse '$').</summary>
    public const string CyclePrefix = "$cycle:";

    private readonly IRunStore _store;
    private readonly ExecutionPlan _plan;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly int _checkpointInterval;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Dictionary<(int Node, int Iteration), int>? _attempts;
    private readonly ITimer? _timer;
    private List<Entry> _queue = [];
    private long _enqueued;
    private long _fence;
    private long _renewedAt;
    private int _sinceCheckpoint;
    private int _inFlight;
    private Exception? _failure;
    private List<RunEventRecord>? _events;

    public RunJournal(IRunStore store, ExecutionPlan plan, RuntimeOptions options, DurabilityMode mode, string runId, long fence, Dictionary<(int Node, int Iteration), int>? attempts)
    {
        _store = store;
        _plan = plan;
        _time = options.TimeProvider;
        _lease = options.LeaseDuration;
        _checkpointInterval = options.CheckpointInterval;
        _attempts = attempts;
        _fence = fence;
        _renewedAt = _time.GetTimestamp();
        Mode = mode;
        RunId = runId;
        if (mode == DurabilityMode.Batched)
        {
            var period = options.DurableFlushInterval < _lease / 3 ? options.DurableFlushInterval : _lease / 3;
            _timer = _time.CreateTimer(static journal => ((RunJournal)journal!).FlushInBackground(), this, period, period);
        }
    }

    public string RunId { get; }

    public DurabilityMode Mode { get; }

    /// <summary>Gets the input requests the store held when the run was resumed (answered ones are delivered to the nodes that asked).</summary>
    public IReadOnlyList<InputRequestRecord>? Requests { get; init; }

    /// <summary>Gets a value indicating whether the run is new (not resumed): its events start with <c>RunStarted</c>.</summary>
    public bool IsNew => _attempts is null;

    /// <summary>Gets the owner id this process takes leases as (host, process id and start time, so a dead owner is recognisable).</summary>
    public static string Owner => LeaseOwner.Current;

    /// <summary>Gets the attempt a node execution runs as: 1, or one more than a start recorded before a crash.</summary>
    public int AttemptOf(PlanNode node, int iteration)
        => _attempts is not null && _attempts.TryGetValue((node.Index, iteration), out var recorded) ? recorded + 1 : 1;

    /// <summary>Queues a node's start (it is about to run); in <see cref="DurabilityMode.Sync"/> writes it before the body runs.</summary>
    public ValueTask StartAsync(PlanNode node, int iteration)
    {
        Enqueue(new NodeCommit
        {
            RunId = RunId,
            NodeId = node.Id,
            Iteration = iteration,
            Attempt = AttemptOf(node, iteration),
            Status = NodeExecutionStatus.Running,
            Timestamp = _time.GetUtcNow(),
        });
        return SyncAsync();
    }

    /// <summary>Queues a recorded result (outputs as stored values, masked ones flagged). Cancelled results are not written: a resumed run runs those nodes again.</summary>
    public void Record(PlanNode node, NodeResult recorded, int iteration, bool masked)
    {
        if (recorded.Status == NodeStatus.Cancelled)
        {
            return;
        }

        byte[]? outputs = null;
        if (recorded.Status == NodeStatus.Completed)
        {
            outputs = JsonSerializer.SerializeToUtf8Bytes(RunStateSerializer.WriteOutputs(recorded.Outputs, node.Id), RunStateJsonContext.Default.DictionaryStringJsonNode);
        }

        var row = new NodeRowDocument(RunStateSerializer.ToDocument(recorded, null), masked, null, null);
        Enqueue(node, iteration, new NodeCommit
        {
            RunId = RunId,
            NodeId = node.Id,
            Iteration = iteration,
            Attempt = AttemptOf(node, iteration),
            Status = StatusOf(recorded.Status),
            Outputs = outputs,
            Error = recorded.Error?.Message,
            State = JsonSerializer.SerializeToUtf8Bytes(row, RunStateJsonContext.Default.NodeRowDocument),
            Timestamp = _time.GetUtcNow(),
        });
    }

    /// <summary>Queues a node's waiting row with the request it waits for (and its <c>RequestInput</c> event).</summary>
    public void Waiting(PlanNode node, InputRequestRecord request)
        => Enqueue(new NodeCommit
        {
            RunId = RunId,
            NodeId = node.Id,
            Attempt = AttemptOf(node, 0),
            Status = NodeExecutionStatus.Waiting,
            Request = request,
            Timestamp = _time.GetUtcNow(),
        });

    /// <summary>Queues a cycle's closing row: its report and the final result of every member (after failure skips and reinstated outputs).</summary>
    public void CycleFinished(RunState state, CyclePlan cycle, CycleReport report)
    {
        if (report.Termination == CycleTermination.Cancelled)
        {
            return;
        }

        var members = new CycleMemberDocument[cycle.Members.Length];
        for (var m = 0; m < members.Length; m++)
        {
            var index = cycle.Members[m];
            var result = state.Results[index] ?? NodeResult.Skipped(SkipReason.ConditionalRouting);
            members[m] = new CycleMemberDocument(_plan.Nodes[index].Id, state.Iterations[index], RunStateSerializer.ToDocument(result, null));
        }

        var row = new NodeRowDocument(RunStateSerializer.ToDocument(NodeResult.Skipped(SkipReason.None), null), false, RunStateSerializer.ToDocument(report), members);
        Enqueue(new NodeCommit
        {
            RunId = RunId,
            NodeId = CyclePrefix + cycle.CycleId,
            Status = NodeExecutionStatus.Completed,
            State = JsonSerializer.SerializeToUtf8Bytes(row, RunStateJsonContext.Default.NodeRowDocument),
            Timestamp = _time.GetUtcNow(),
        });
    }

    /// <summary>
    /// Takes a run event (in sequence order, from the run's emitter): it is stored with the next node commit queued — a
    /// node's start carries its NodeStarted event, its result its NodeCompleted/Failed/Skipped event and whatever came
    /// between (retries, cycle iterations) — or with the run's final status update. So what the store holds is a prefix of
    /// the run's events, numbered without gaps.
    /// </summary>
    public void OnEvent(Events.RunEvent runEvent)
    {
        var record = Events.RunEventJson.ToRecord(runEvent);
        lock (_gate)
        {
            (_events ??= []).Add(record);
        }
    }

    /// <summary>Counts a unit in flight (checkpoints are taken only when none is).</summary>
    public void EnterUnit() => Interlocked.Increment(ref _inFlight);

    /// <summary>Awaits a unit, then takes a checkpoint when one is due and no other unit is in flight.</summary>
    public ValueTask AfterUnitAsync(RunContext run, PlanUnit unit, ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            return AfterUnitSlowAsync(run, unit, pending);
        }

        LeaveUnit(run, unit);
        return default;
    }

    /// <summary>Awaits a node's result and, in <see cref="DurabilityMode.Sync"/>, writes it before the node's dependents may start.</summary>
    public ValueTask<NodeResult> AfterNodeAsync(ValueTask<NodeResult> pending)
    {
        if (Mode != DurabilityMode.Sync)
        {
            return pending;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return AfterNodeSlowAsync(pending);
        }

        var flushed = FlushAsync();
        return flushed.IsCompletedSuccessfully ? pending : ThenAsync(flushed, pending.Result);
    }

    /// <summary>Writes everything queued (in order); in <see cref="DurabilityMode.Batched"/> only the timer and the end call it.</summary>
    public ValueTask SyncAsync() => Mode == DurabilityMode.Sync ? FlushAsync() : default;

    /// <summary>Writes everything queued, in order: runs of node commits in one transaction each, checkpoints between them.</summary>
    public async ValueTask FlushAsync()
    {
        if (_failure is { } failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        await _writer.WaitAsync().ConfigureAwait(false);
        try
        {
            List<Entry> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    return;
                }

                batch = _queue;
                _queue = [];
            }

            await RenewIfDueAsync().ConfigureAwait(false);
            await WriteAsync(batch).ConfigureAwait(false);
        }
        catch (Exception ex) when (_failure is null)
        {
            _failure = ex;
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Records how a run ended (or paused): writes what is queued, a checkpoint when it paused, its status, and releases the lease.</summary>
    public async ValueTask CompleteAsync(RunState state, WorkflowRunResult? result)
    {
        if (result is null or { Status: WorkflowRunStatus.Suspended })
        {
            EnqueueCheckpoint(state);
        }

        await FlushAsync().ConfigureAwait(false);
        var status = result?.Status switch
        {
            null => DurableRunStatus.Running,
            WorkflowRunStatus.Completed => DurableRunStatus.Completed,
            WorkflowRunStatus.Cancelled => DurableRunStatus.Cancelled,
            WorkflowRunStatus.Suspended => DurableRunStatus.Suspended,
            _ => DurableRunStatus.Failed,
        };
        string? error = null;
        if (status == DurableRunStatus.Failed)
        {
            foreach (var pair in result!.Results)
            {
                if (pair.Value.Status == NodeStatus.Failed)
                {
                    error = $"Node '{pair.Key}' failed: {pair.Value.Error?.Message}";
                    break;
                }
            }
        }

        await UpdateAsync(new RunUpdate { RunId = RunId, Fence = Volatile.Read(ref _fence), Status = status, Error = error, ReleaseLease = true, Events = TakeEvents(), Timestamp = _time.GetUtcNow() }).ConfigureAwait(false);
    }

    /// <summary>
    /// The run ended with an exception instead of a result: writes what it can and releases the lease. A store failure or a
    /// lost lease leaves the run resumable (status running); any other coded error (a value that cannot be stored) fails it.
    /// </summary>
    public async ValueTask AbortAsync(Exception error)
    {
        var failed = error is KailashException && error is not RunStoreException && (error as KailashException)?.Code != ErrorCodes.RunLeaseLost;
        try
        {
            _failure = null;
            await FlushAsync().ConfigureAwait(false);
            await _store.UpdateRunAsync(new RunUpdate
            {
                RunId = RunId,
                Fence = Volatile.Read(ref _fence),
                Status = failed ? DurableRunStatus.Failed : null,
                Error = failed ? error.Message : null,
                ReleaseLease = true,
                Events = TakeEvents(),
                Timestamp = _time.GetUtcNow(),
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RunStoreException or KailashException)
        {
            // Best effort: the store may be the reason the run failed. What was committed stays committed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _writer.Dispose();
    }

    private static NodeExecutionStatus StatusOf(NodeStatus status) => status switch
    {
        NodeStatus.Completed => NodeExecutionStatus.Completed,
        NodeStatus.Failed => NodeExecutionStatus.Failed,
        _ => NodeExecutionStatus.Skipped,
    };

    private static async ValueTask<NodeResult> ThenAsync(ValueTask flushed, NodeResult result)
    {
        await flushed.ConfigureAwait(false);
        return result;
    }

    private async ValueTask<NodeResult> AfterNodeSlowAsync(ValueTask<NodeResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        return result;
    }

    private async ValueTask AfterUnitSlowAsync(RunContext run, PlanUnit unit, ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        finally
        {
            LeaveUnit(run, unit);
        }
    }

    private void LeaveUnit(RunContext run, PlanUnit unit)
    {
        // A checkpoint needs a quiet moment: with no unit in flight the state is a consistent snapshot. A unit counts as
        // finished in it as soon as it leaves (the scheduler marks it too, later, on its own thread): units that finish on
        // other threads (async nodes, parallel sync nodes) may leave before the scheduler has seen them. A unit held back
        // by a node that waits for input is not finished: it runs again when the run is resumed with the answer.
        var held = run.Holds(unit.Index);
        if (!held)
        {
            run.State.CompletedUnits[unit.Index] = true;
        }

        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _sinceCheckpoint) >= _checkpointInterval && !run.State.Cancelled && !held)
        {
            EnqueueCheckpoint(run.State);
        }
    }

    private void EnqueueCheckpoint(RunState state)
    {
        if (state.Cancelled)
        {
            return;
        }

        long covers;
        lock (_gate)
        {
            covers = _enqueued;
        }

        var frontier = RunStateSerializer.Serialize(state, _plan, includeOutputs: false);
        lock (_gate)
        {
            _queue.Add(new Entry(null, frontier, covers));
            _sinceCheckpoint = 0;
        }
    }

    /// <summary>Takes the events not yet attached to a commit (under the queue's lock).</summary>
    private List<RunEventRecord>? TakeEvents()
    {
        lock (_gate)
        {
            var events = _events;
            _events = null;
            return events;
        }
    }

    /// <summary>
    /// Queues a node's result. In <see cref="DurabilityMode.Batched"/> a first attempt whose start is still queued replaces
    /// that start (one row written instead of two, the start's events and time carried over): the batch is written in
    /// one transaction, so the start could never be durable without the result anyway.
    /// </summary>
    private void Enqueue(PlanNode node, int iteration, NodeCommit result)
    {
        if (Mode == DurabilityMode.Batched && (_attempts is null || !_attempts.ContainsKey((node.Index, iteration))))
        {
            lock (_gate)
            {
                for (var i = _queue.Count - 1; i >= 0; i--)
                {
                    if (_queue[i].Commit is { Status: NodeExecutionStatus.Running } start && start.Iteration == iteration && start.NodeId == node.Id)
                    {
                        _queue.RemoveAt(i);
                        result = result with { StartedAt = start.Timestamp, Events = start.Events };
                        break;
                    }
                }
            }
        }

        Enqueue(result);
    }

    private void Enqueue(NodeCommit commit)
    {
        lock (_gate)
        {
            if (_events is { } events)
            {
                if (commit.Events is { } earlier)
                {
                    events.InsertRange(0, earlier);
                }

                commit = commit with { Events = events };
                _events = null;
            }

            _queue.Add(new Entry(commit, null, ++_enqueued));
            if (commit.Status != NodeExecutionStatus.Running)
            {
                _sinceCheckpoint++;
            }
        }
    }

    private async ValueTask WriteAsync(List<Entry> batch)
    {
        var commits = new List<NodeCommit>(batch.Count);
        var indices = new List<long>(batch.Count);
        var fence = Volatile.Read(ref _fence);
        foreach (var entry in batch)
        {
            if (entry.Commit is { } commit)
            {
                commits.Add(commit.Fence == fence ? commit : commit with { Fence = fence });
                indices.Add(entry.Index);
                continue;
            }

            // A checkpoint covers the commits queued before its snapshot was taken (a prefix of those pending, indices grow):
            // write exactly those, read the store's commit sequence, write the checkpoint; the rest follow it.
            var covered = indices.FindIndex(i => i > entry.Index);
            covered = covered < 0 ? commits.Count : covered;
            await _store.CommitAsync(commits.GetRange(0, covered)).ConfigureAwait(false);
            commits.RemoveRange(0, covered);
            indices.RemoveRange(0, covered);
            var run = await _store.GetRunAsync(RunId).ConfigureAwait(false);
            var checkpoint = new CheckpointRecord { RunId = RunId, CommitSeq = run?.CommitSeq ?? 0, State = entry.Frontier!, CreatedAt = _time.GetUtcNow() };
            await UpdateAsync(new RunUpdate { RunId = RunId, Fence = fence, Checkpoint = checkpoint, Timestamp = checkpoint.CreatedAt }).ConfigureAwait(false);
        }

        await _store.CommitAsync(commits).ConfigureAwait(false);
    }

    private async ValueTask UpdateAsync(RunUpdate update)
    {
        if (!await _store.UpdateRunAsync(update).ConfigureAwait(false))
        {
            throw LeaseLost();
        }
    }

    private async ValueTask RenewIfDueAsync()
    {
        if (_time.GetElapsedTime(_renewedAt) < _lease / 3)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var fence = await _store.AcquireLeaseAsync(RunId, Owner, now + _lease, now).ConfigureAwait(false);
        Volatile.Write(ref _fence, fence ?? throw LeaseLost());
        _renewedAt = _time.GetTimestamp();
    }

    private KailashException LeaseLost()
        => new(ErrorCodes.RunLeaseLost, $"Run '{RunId}' lost its lease: another process took it over (its lease had expired, or it was resumed elsewhere). This process stopped recording it. Please resume the run in one place at a time, or raise RuntimeOptions.LeaseDuration if nodes run longer than it.");

    private void FlushInBackground()
    {
        if (_failure is not null)
        {
            return;
        }

        _ = FlushQuietlyAsync();
    }

    private async Task FlushQuietlyAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RunStoreException or KailashException)
        {
            // Kept in _failure: the run sees it at its next write or when it ends.
        }
    }

    /// <summary>A queued node commit with its queue index, or a checkpoint (<see cref="Frontier"/>) covering the commits queued up to <see cref="Index"/>.</summary>
    private readonly record struct Entry(NodeCommit? Commit, byte[]? Frontier, long Index);
}
