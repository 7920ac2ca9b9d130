namespace Kailash.Durability;

/// <summary>
/// Where durable runs live: runs, node executions (one row per node and iteration), checkpoints, input requests and
/// run events. Implementations: <see cref="InMemoryRunStore"/>, <see cref="SqliteRunStore"/> (the embedded default)
/// and <see cref="PostgresRunStore"/>; one conformance test suite runs against all of them.
/// </summary>
/// <remarks>
/// Failures surface as <see cref="RunStoreException"/> with a code (<see cref="ErrorCodes.StoreUnavailable"/>,
/// <see cref="ErrorCodes.StoreCorrupt"/>, …). Implementations are safe to call from many threads.
/// </remarks>
public interface IRunStore : IAsyncDisposable, IDisposable
{
    /// <summary>Records a new run.</summary>
    /// <param name="run">The run; its fence and commit sequence start as given (normally 0).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the run is stored.</returns>
    /// <exception cref="RunStoreException">A run with this id exists (<see cref="ErrorCodes.DuplicateRun"/>).</exception>
    ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Reads a run.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/> when the store has none with this id.</returns>
    ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Lists runs, newest first.</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The runs.</returns>
    ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>Takes the run's lease when it is free, expired or already held by <paramref name="owner"/>, raising the fence.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="owner">Who takes the lease (a process or worker id).</param>
    /// <param name="expiresAt">When the lease expires unless renewed.</param>
    /// <param name="now">The current time (leases held by others expire against it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new fence, or <see langword="null"/> when another owner holds an unexpired lease.</returns>
    /// <exception cref="RunStoreException">The run does not exist (<see cref="ErrorCodes.RunNotFound"/>).</exception>
    ValueTask<long?> AcquireLeaseAsync(string runId, string owner, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Writes node commits, each in full or not at all, in order; several commits share one transaction.</summary>
    /// <param name="commits">The commits (one in <c>Sync</c> durability, a batch in <c>Batched</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many commits were accepted; a rejected one (stale fence, finished node, other attempt) writes nothing.</returns>
    ValueTask<int> CommitAsync(IReadOnlyList<NodeCommit> commits, CancellationToken cancellationToken = default);

    /// <summary>Changes a run's record and stores events and a checkpoint with it, in one transaction.</summary>
    /// <param name="update">The change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when applied; <see langword="false"/> when the fence is stale.</returns>
    ValueTask<bool> UpdateRunAsync(RunUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's node executions whose commit sequence is above <paramref name="afterCommitSeq"/>, plus every running or waiting one.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="afterCommitSeq">0 for all rows; a checkpoint's sequence number for the rows committed after it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Finished rows in commit order, then running and waiting rows.</returns>
    ValueTask<IReadOnlyList<NodeExecutionRecord>> GetNodeExecutionsAsync(string runId, long afterCommitSeq = 0, CancellationToken cancellationToken = default);

    /// <summary>Reads the run's latest checkpoint.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when none was saved.</returns>
    ValueTask<CheckpointRecord?> GetLatestCheckpointAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's events with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="afterSeq">0 for all events.</param>
    /// <param name="limit">The maximum number of events returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The events.</returns>
    ValueTask<IReadOnlyList<RunEventRecord>> ReadEventsAsync(string runId, long afterSeq = 0, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's input requests.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="pendingOnly">Only pending requests.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests, oldest first.</returns>
    ValueTask<IReadOnlyList<InputRequestRecord>> GetRequestsAsync(string runId, bool pendingOnly = false, CancellationToken cancellationToken = default);

    /// <summary>Stores the response to a pending input request (or marks it timed out when <paramref name="status"/> says so).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="requestId">The request id.</param>
    /// <param name="response">The response as JSON.</param>
    /// <param name="at">When the response arrived.</param>
    /// <param name="status"><see cref="InputRequestStatus.Answered"/> or <see cref="InputRequestStatus.TimedOut"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    ValueTask<RequestAnswerOutcome> AnswerRequestAsync(string runId, string requestId, string? response, DateTimeOffset at, InputRequestStatus status = InputRequestStatus.Answered, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished runs the retention policy no longer keeps.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many runs were deleted.</returns>
    ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
