using Kailash.Durability;

namespace Kailash.Testing;

/// <summary>
/// A run store that dies after a given number of node commits, as if the process or the server went away: the commits
/// before that point reach the real store, the rest of the batch and every later call fail with <c>KWF120</c>. Resuming
/// from the real store afterwards is what a new process would do after a crash.
/// </summary>
public sealed class CrashingRunStore : IRunStore
{
    private readonly IRunStore _inner;
    private readonly Lock _gate = new();
    private int _remaining;

    public CrashingRunStore(IRunStore inner, int commitsBeforeCrash)
    {
        _inner = inner;
        _remaining = commitsBeforeCrash;
    }

    /// <summary>Gets how many node commits reached the real store.</summary>
    public int Committed { get; private set; }

    /// <summary>Gets a value indicating whether the store has died.</summary>
    public bool Crashed { get; private set; }

    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => Alive() ? _inner.CreateRunAsync(run, cancellationToken) : throw Dead();

    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Alive() ? _inner.GetRunAsync(runId, cancellationToken) : throw Dead();

    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default) => _inner.ListRunsAsync(query, cancellationToken);

    public ValueTask<long?> AcquireLeaseAsync(string runId, string owner, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        => Alive() ? _inner.AcquireLeaseAsync(runId, owner, expiresAt, now, cancellationToken) : throw Dead();

    public async ValueTask<int> CommitAsync(IReadOnlyList<NodeCommit> commits, CancellationToken cancellationToken = default)
    {
        int allowed;
        lock (_gate)
        {
            if (Crashed)
            {
                throw Dead();
            }

            allowed = Math.Min(_remaining, commits.Count);
            _remaining -= allowed;
            Committed += allowed;
            Crashed = allowed < commits.Count;
        }

        var accepted = allowed == commits.Count ? await _inner.CommitAsync(commits, cancellationToken) : await _inner.CommitAsync([.. commits.Take(allowed)], cancellationToken);
        return Crashed ? throw Dead() : accepted;
    }

    public ValueTask<bool> UpdateRunAsync(RunUpdate update, CancellationToken cancellationToken = default) => Alive() ? _inner.UpdateRunAsync(update, cancellationToken) : throw Dead();

    public ValueTask<IReadOnlyList<NodeExecutionRecord>> GetNodeExecutionsAsync(string runId, long afterCommitSeq = 0, CancellationToken cancellationToken = default) => _inner.GetNodeExecutionsAsync(runId, afterCommitSeq, cancellationToken);

    public ValueTask<CheckpointRecord?> GetLatestCheckpointAsync(string runId, CancellationToken cancellationToken = default) => _inner.GetLatestCheckpointAsync(runId, cancellationToken);

    public ValueTask<IReadOnlyList<RunEventRecord>> ReadEventsAsync(string runId, long afterSeq = 0, int limit = 1000, CancellationToken cancellationToken = default) => _inner.ReadEventsAsync(runId, afterSeq, limit, cancellationToken);

    public ValueTask<IReadOnlyList<InputRequestRecord>> GetRequestsAsync(string runId, bool pendingOnly = false, CancellationToken cancellationToken = default) => _inner.GetRequestsAsync(runId, pendingOnly, cancellationToken);

    public ValueTask<RequestAnswerOutcome> AnswerRequestAsync(string runId, string requestId, string? response, DateTimeOffset at, InputRequestStatus status = InputRequestStatus.Answered, CancellationToken cancellationToken = default)
        => _inner.AnswerRequestAsync(runId, requestId, response, at, status, cancellationToken);

    public ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => _inner.PruneAsync(now, cancellationToken);

    public ValueTask DisposeAsync() => default;

    public void Dispose()
    {
    }

    private bool Alive()
    {
        lock (_gate)
        {
            return !Crashed;
        }
    }

    private static RunStoreException Dead() => new(ErrorCodes.StoreUnavailable, "The test store died (simulated crash).");
}
