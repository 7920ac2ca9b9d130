using Kailash.Durability;

namespace Kailash.Orleans;

/// <summary>
/// The run store as one silo uses it: the application's store, until the silo stops. From then on the silo writes
/// nothing more (like a process that died): runs it was coordinating keep their <c>running</c> status and their lease,
/// and once the lease expires the recovery sweep resumes them on a live silo. Reads still pass through.
/// </summary>
internal sealed class SiloRunStore : IRunStore
{
    private readonly IRunStore _store;
    private volatile bool _stopped;

    public SiloRunStore(IRunStore store) => _store = store;

    /// <summary>Stops all writes from this silo (called when the silo shuts down, before its runs are cancelled).</summary>
    public void Stop() => _stopped = true;

    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Writable().CreateRunAsync(run, cancellationToken);

    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => _store.GetRunAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) => _store.ListRunsAsync(query, cancellationToken);

    public ValueTask<long?> AcquireLeaseAsync(string runId, string owner, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        => Writable().AcquireLeaseAsync(runId, owner, expiresAt, now, cancellationToken);

    public ValueTask<int> CommitAsync(IReadOnlyList<NodeCommit> commits, CancellationToken cancellationToken = default) => Writable().CommitAsync(commits, cancellationToken);

    public ValueTask<bool> UpdateRunAsync(RunUpdate update, CancellationToken cancellationToken = default) => Writable().UpdateRunAsync(update, cancellationToken);

    public ValueTask<IReadOnlyList<NodeExecutionRecord>> GetNodeExecutionsAsync(string runId, long afterCommitSeq = 0, CancellationToken cancellationToken = default)
        => _store.GetNodeExecutionsAsync(runId, afterCommitSeq, cancellationToken);

    public ValueTask<CheckpointRecord?> GetLatestCheckpointAsync(string runId, CancellationToken cancellationToken = default) => _store.GetLatestCheckpointAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<RunEventRecord>> ReadEventsAsync(string runId, long afterSeq = 0, int limit = 1000, CancellationToken cancellationToken = default)
        => _store.ReadEventsAsync(runId, afterSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<InputRequestRecord>> GetRequestsAsync(string runId, bool pendingOnly = false, CancellationToken cancellationToken = default)
        => _store.GetRequestsAsync(runId, pendingOnly, cancellationToken);

    public ValueTask<RequestAnswerOutcome> AnswerRequestAsync(string runId, string requestId, string? response, DateTimeOffset at, InputRequestStatus status = InputRequestStatus.Answered, CancellationToken cancellationToken = default)
        => Writable().AnswerRequestAsync(runId, requestId, response, at, status, cancellationToken);

    public ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Writable().PruneAsync(now, cancellationToken);

    /// <summary>The application owns the store: a silo never disposes it.</summary>
    public ValueTask DisposeAsync() => default;

    /// <summary>The application owns the store: a silo never disposes it.</summary>
    public void Dispose()
    {
    }

    private IRunStore Writable()
        => _stopped ? throw new RunStoreException(ErrorCodes.StoreUnavailable, "This silo has stopped: it writes nothing more to the run store; the runs it coordinated are resumed elsewhere once their lease expires.") : _store;
}
