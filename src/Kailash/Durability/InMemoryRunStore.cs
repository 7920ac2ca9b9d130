namespace Kailash.Durability;

/// <summary>
/// A run store that keeps everything in memory (tests, and runs that need events and human input without persistence).
/// Follows the same rules as the persistent stores: fenced, first-write-wins commits, one row per (node, iteration).
/// </summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunEntry> _runs = new(StringComparer.Ordinal);
    private readonly RetentionPolicy _retention;
    private readonly Queue<string> _finished = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryRunStore"/> class.</summary>
    /// <param name="retention">Which finished runs <see cref="PruneAsync"/> removes (default: <see cref="RetentionPolicy.Default"/>).</param>
    public InMemoryRunStore(RetentionPolicy? retention = null) => _retention = retention ?? RetentionPolicy.Default;

    /// <summary>
    /// Gets how many finished runs the store keeps: when one more run finishes, the run that finished longest ago is
    /// forgotten (a long-lived host's in-memory store stays bounded). Unbounded by default.
    /// </summary>
    internal int MaxFinishedRuns { get; init; } = int.MaxValue;

    /// <inheritdoc />
    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (!_runs.TryAdd(run.RunId, new RunEntry(run)))
            {
                throw new RunStoreException(ErrorCodes.DuplicateRun, $"A run with id '{run.RunId}' already exists in the store; choose another run id.");
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_runs.TryGetValue(runId, out var entry) ? entry.Run : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var list = new List<RunRecord>();
            foreach (var entry in _runs.Values)
            {
                var run = entry.Run;
                if ((query.Status is null || run.Status == query.Status) && (query.WorkflowId is null || run.WorkflowId == query.WorkflowId))
                {
                    list.Add(run);
                }
            }

            list.Sort(static (a, b) => b.CreatedAt != a.CreatedAt ? b.CreatedAt.CompareTo(a.CreatedAt) : string.CompareOrdinal(b.RunId, a.RunId));
            if (list.Count > query.Limit)
            {
                list.RemoveRange(query.Limit, list.Count - query.Limit);
            }

            return new(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> AcquireLeaseAsync(string runId, string owner, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var entry = Find(runId);
            var run = entry.Run;
            if (run.LeaseOwner is not null && run.LeaseOwner != owner && run.LeaseExpiresAt > now)
            {
                return new((long?)null);
            }

            entry.Run = run with { LeaseOwner = owner, LeaseExpiresAt = expiresAt, Fence = run.Fence + 1, UpdatedAt = now };
            return new(entry.Run.Fence);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CommitAsync(IReadOnlyList<NodeCommit> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commits);
        var accepted = 0;
        lock (_gate)
        {
            for (var i = 0; i < commits.Count; i++)
            {
                accepted += Commit(commits[i]) ? 1 : 0;
            }
        }

        return new(accepted);
    }

    /// <inheritdoc />
    public ValueTask<bool> UpdateRunAsync(RunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            if (!_runs.TryGetValue(update.RunId, out var entry) || entry.Run.Fence != update.Fence)
            {
                return new(false);
            }

            var run = entry.Run with { Status = update.Status ?? entry.Run.Status, Error = update.Error ?? entry.Run.Error, UpdatedAt = update.Timestamp };
            var finishes = !StoreNames.IsFinished(entry.Run.Status) && StoreNames.IsFinished(run.Status);
            entry.Run = update.ReleaseLease ? run with { LeaseOwner = null, LeaseExpiresAt = null } : run;
            AddEvents(entry, update.Events);
            if (finishes)
            {
                Forget(entry.Run.RunId);
            }
            if (update.Checkpoint is { } checkpoint)
            {
                entry.Checkpoint = checkpoint;
            }

            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NodeExecutionRecord>> GetNodeExecutionsAsync(string runId, long afterCommitSeq = 0, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = new List<NodeExecutionRecord>();
            if (_runs.TryGetValue(runId, out var entry))
            {
                foreach (var row in entry.Nodes.Values)
                {
                    if (row.CommitSeq > afterCommitSeq || StoreNames.IsOpen(row.Status))
                    {
                        rows.Add(row);
                    }
                }
            }

            rows.Sort(static (a, b) => (a.CommitSeq == 0 ? long.MaxValue : a.CommitSeq).CompareTo(b.CommitSeq == 0 ? long.MaxValue : b.CommitSeq));
            return new(rows);
        }
    }

    /// <inheritdoc />
    public ValueTask<CheckpointRecord?> GetLatestCheckpointAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_runs.TryGetValue(runId, out var entry) ? entry.Checkpoint : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunEventRecord>> ReadEventsAsync(string runId, long afterSeq = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = new List<RunEventRecord>();
            if (_runs.TryGetValue(runId, out var entry))
            {
                foreach (var pair in entry.Events)
                {
                    if (list.Count >= limit)
                    {
                        break;
                    }

                    if (pair.Key > afterSeq)
                    {
                        list.Add(pair.Value);
                    }
                }
            }

            return new(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InputRequestRecord>> GetRequestsAsync(string runId, bool pendingOnly = false, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = new List<InputRequestRecord>();
            if (_runs.TryGetValue(runId, out var entry))
            {
                foreach (var request in entry.Requests)
                {
                    if (!pendingOnly || request.Status == InputRequestStatus.Pending)
                    {
                        list.Add(request);
                    }
                }
            }

            return new(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<RequestAnswerOutcome> AnswerRequestAsync(string runId, string requestId, string? response, DateTimeOffset at, InputRequestStatus status = InputRequestStatus.Answered, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var entry))
            {
                return new(RequestAnswerOutcome.NotFound);
            }

            var index = entry.Requests.FindIndex(r => r.RequestId == requestId);
            if (index < 0)
            {
                return new(RequestAnswerOutcome.NotFound);
            }

            if (entry.Requests[index].Status != InputRequestStatus.Pending)
            {
                return new(RequestAnswerOutcome.NotPending);
            }

            entry.Requests[index] = entry.Requests[index] with { Status = status, Response = response, AnsweredAt = at };
            return new(RequestAnswerOutcome.Answered);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!_retention.Enabled)
        {
            return new(0);
        }

        var cutoff = now - _retention.FinishedRunMaxAge;
        lock (_gate)
        {
            var doomed = new List<string>();
            foreach (var pair in _runs)
            {
                if (StoreNames.IsFinished(pair.Value.Run.Status) && pair.Value.Run.UpdatedAt < cutoff)
                {
                    doomed.Add(pair.Key);
                }
            }

            foreach (var id in doomed)
            {
                _runs.Remove(id);
            }

            return new(doomed.Count);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => default;

    private static void AddEvents(RunEntry entry, IReadOnlyList<RunEventRecord>? events)
    {
        if (events is null)
        {
            return;
        }

        foreach (var item in events)
        {
            entry.Events.TryAdd(item.Seq, item);
        }
    }

    /// <summary>A run finished (under the lock): forgets the runs that finished longest ago beyond <see cref="MaxFinishedRuns"/>.</summary>
    private void Forget(string runId)
    {
        if (MaxFinishedRuns == int.MaxValue)
        {
            return;
        }

        _finished.Enqueue(runId);
        while (_finished.Count > MaxFinishedRuns)
        {
            // A run resumed since it finished is running again: it is not forgotten (it queues again when it finishes).
            var oldest = _finished.Dequeue();
            if (_runs.TryGetValue(oldest, out var entry) && StoreNames.IsFinished(entry.Run.Status))
            {
                _runs.Remove(oldest);
            }
        }
    }

    private RunEntry Find(string runId)
        => _runs.TryGetValue(runId, out var entry)
            ? entry
            : throw new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{runId}'; list the stored runs with 'kailash runs list'.");

    private bool Commit(NodeCommit commit)
    {
        if (!_runs.TryGetValue(commit.RunId, out var entry) || entry.Run.Fence != commit.Fence)
        {
            return false;
        }

        var key = (commit.NodeId, commit.Iteration);
        var exists = entry.Nodes.TryGetValue(key, out var row);
        var starting = commit.Status == NodeExecutionStatus.Running;
        if (exists && (!StoreNames.IsOpen(row!.Status) || (starting ? row.Attempt >= commit.Attempt : row.Attempt != commit.Attempt)))
        {
            return false;
        }

        var finished = !StoreNames.IsOpen(commit.Status);
        var seq = finished ? entry.Run.CommitSeq + 1 : 0;
        entry.Nodes[key] = new NodeExecutionRecord
        {
            RunId = commit.RunId,
            NodeId = commit.NodeId,
            Iteration = commit.Iteration,
            Attempt = commit.Attempt,
            Status = commit.Status,
            Outputs = commit.Outputs,
            Error = commit.Error,
            State = commit.State,
            CommitSeq = seq,
            Worker = commit.Worker,
            StartedAt = exists && !starting ? row!.StartedAt : commit.StartedAt ?? commit.Timestamp,
            CompletedAt = finished ? commit.Timestamp : null,
        };
        var run = entry.Run with { CommitSeq = finished ? seq : entry.Run.CommitSeq, Status = commit.RunStatus ?? entry.Run.Status, UpdatedAt = commit.Timestamp };
        var finishes = !StoreNames.IsFinished(entry.Run.Status) && StoreNames.IsFinished(run.Status);
        entry.Run = commit.RunStatus is { } status && status != DurableRunStatus.Running ? run with { LeaseOwner = null, LeaseExpiresAt = null } : run;
        AddEvents(entry, commit.Events);
        if (finishes)
        {
            Forget(commit.RunId);
        }
        if (commit.Request is { } request && !entry.Requests.Exists(r => r.RequestId == request.RequestId))
        {
            entry.Requests.Add(request);
        }

        return true;
    }

    private sealed class RunEntry(RunRecord run)
    {
        public RunRecord Run { get; set; } = run;

        public Dictionary<(string NodeId, int Iteration), NodeExecutionRecord> Nodes { get; } = [];

        public SortedList<long, RunEventRecord> Events { get; } = [];

        public List<InputRequestRecord> Requests { get; } = [];

        public CheckpointRecord? Checkpoint { get; set; }
    }
}
