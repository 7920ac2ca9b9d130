using System.Data.Common;
using System.Globalization;

namespace Kailash.Durability;

/// <summary>
/// The run store over a relational database, written once for <see cref="SqliteRunStore"/> and <see cref="PostgresRunStore"/>.
/// The store creates and migrates its own schema on first use; a database that holds other tables is refused.
/// </summary>
/// <remarks>
/// A commit is one transaction: the fence check (the run row, locked where the database needs it), the node row
/// (outputs written once, first-write-wins by attempt), the run's commit sequence, and the commit's events and request.
/// Outputs are never rewritten, so the bytes written per step do not grow with run length.
/// </remarks>
public abstract partial class RelationalRunStore : IRunStore
{
    private readonly StoreDialect _dialect;
    private readonly RetentionPolicy _retention;
    private readonly Sql _sql;
    private readonly Dictionary<DbConnection, Dictionary<string, DbCommand>> _caches = [];
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private bool _disposed;

    private protected RelationalRunStore(StoreDialect dialect, RetentionPolicy? retention)
    {
        _dialect = dialect;
        _retention = retention ?? RetentionPolicy.Default;
        _sql = new Sql(dialect);
    }

    /// <summary>Opens the store now: creates or checks its schema and prunes finished runs the retention policy no longer keeps.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store is ready.</returns>
    /// <exception cref="RunStoreException">The store is unreachable, damaged, foreign or too new.</exception>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await WithSessionAsync(0, static (_, store, session, ct) => store.CreateSchemaAsync(session, ct), "open", transaction: true, cancellationToken, skipInit: true).ConfigureAwait(false);
                _initialized = true;
                await PruneAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(WithSessionAsync(run, static async (run, store, session, ct) =>
        {
            using var command = session.Command(store._sql.InsertRun)
                .Text("@r", run.RunId).Text("@wf", run.WorkflowId).Text("@fp", run.Fingerprint).Text("@def", run.Definition).Text("@par", run.Parameters)
                .Text("@st", StoreNames.Of(run.Status)).Text("@e", run.Error).Text("@lo", run.LeaseOwner).Time("@lx", run.LeaseExpiresAt)
                .Int("@f", run.Fence).Int("@cs", run.CommitSeq).Time("@ca", run.CreatedAt).Time("@ua", run.UpdatedAt);
            if (await command.ExecuteAsync(ct).ConfigureAwait(false) == 0)
            {
                throw new RunStoreException(ErrorCodes.DuplicateRun, $"A run with id '{run.RunId}' already exists in the store; choose another run id.");
            }

            return true;
        }, "create a run", transaction: false, cancellationToken).AsTask());
    }

    /// <inheritdoc />
    public ValueTask<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
        => WithSessionAsync(runId, static async (runId, store, session, ct) =>
        {
            using var command = session.Command(store._sql.SelectRun).Text("@r", runId);
            var rows = await ReadAsync(command, ReadRun, ct).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, "read a run", transaction: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return WithSessionAsync(query, static async (query, store, session, ct) =>
        {
            using var command = session.Command(store._sql.ListRuns)
                .Text("@st", query.Status is { } status ? StoreNames.Of(status) : null).Text("@wf", query.WorkflowId).Int("@lim", query.Limit);
            return (IReadOnlyList<RunRecord>)await ReadAsync(command, ReadRun, ct).ConfigureAwait(false);
        }, "list runs", transaction: false, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<long?> AcquireLeaseAsync(string runId, string owner, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        => WithSessionAsync((runId, owner, expiresAt, now), static async (args, store, session, ct) =>
        {
            using (var command = session.Command(store._sql.AcquireLease).Text("@r", args.runId).Text("@lo", args.owner).Time("@lx", args.expiresAt).Time("@ua", args.now))
            {
                if (await command.ScalarAsync(ct).ConfigureAwait(false) is { } fence and not DBNull)
                {
                    return (long?)Convert.ToInt64(fence, CultureInfo.InvariantCulture);
                }
            }

            using var exists = session.Command(store._sql.SelectRun).Text("@r", args.runId);
            return (await ReadAsync(exists, ReadRun, ct).ConfigureAwait(false)).Count == 0
                ? throw new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{args.runId}'; list the stored runs with 'kailash runs list'.")
                : null;
        }, "take a run's lease", transaction: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> CommitAsync(IReadOnlyList<NodeCommit> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commits);
        return commits.Count == 0
            ? new(0)
            : WithSessionAsync(commits, static async (commits, store, session, ct) =>
            {
                // One fence check and one run-row update per run and transaction, however many commits it groups.
                var runs = new List<RunProgress>(1);
                var accepted = 0;
                for (var i = 0; i < commits.Count; i++)
                {
                    accepted += await store.CommitOneAsync(session, commits[i], runs, ct).ConfigureAwait(false) ? 1 : 0;
                }

                foreach (var run in runs)
                {
                    await store.AdvanceAsync(session, run, ct).ConfigureAwait(false);
                }

                return accepted;
            }, "commit a node result", transaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> UpdateRunAsync(RunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return WithSessionAsync(update, static async (update, store, session, ct) =>
        {
            using (var command = session.Command(store._sql.UpdateRun)
                .Text("@st", update.Status is { } status ? StoreNames.Of(status) : null).Text("@e", update.Error).Time("@ua", update.Timestamp)
                .Int32("@rel", update.ReleaseLease ? 1 : 0).Text("@r", update.RunId).Int("@f", update.Fence))
            {
                if (await command.ExecuteAsync(ct).ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            await store.InsertEventsAsync(session, update.Events, ct).ConfigureAwait(false);
            if (update.Checkpoint is { } checkpoint)
            {
                using (var delete = session.Command(store._sql.DeleteCheckpoints).Text("@r", update.RunId))
                {
                    await delete.ExecuteAsync(ct).ConfigureAwait(false);
                }

                using var insert = session.Command(store._sql.InsertCheckpoint)
                    .Text("@r", checkpoint.RunId).Int("@cs", checkpoint.CommitSeq).Bytes("@st", checkpoint.State).Time("@ca", checkpoint.CreatedAt);
                await insert.ExecuteAsync(ct).ConfigureAwait(false);
            }

            return true;
        }, "update a run", transaction: true, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NodeExecutionRecord>> GetNodeExecutionsAsync(string runId, long afterCommitSeq = 0, CancellationToken cancellationToken = default)
        => WithSessionAsync((runId, afterCommitSeq), static async (args, store, session, ct) =>
        {
            using var command = session.Command(store._sql.SelectNodes).Text("@r", args.runId).Int("@cs", args.afterCommitSeq);
            return (IReadOnlyList<NodeExecutionRecord>)await ReadAsync(command, ReadNode, ct).ConfigureAwait(false);
        }, "read node results", transaction: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<CheckpointRecord?> GetLatestCheckpointAsync(string runId, CancellationToken cancellationToken = default)
        => WithSessionAsync(runId, static async (runId, store, session, ct) =>
        {
            using var command = session.Command(store._sql.SelectCheckpoint).Text("@r", runId);
            var rows = await ReadAsync(command, ReadCheckpoint, ct).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, "read a checkpoint", transaction: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RunEventRecord>> ReadEventsAsync(string runId, long afterSeq = 0, int limit = 1000, CancellationToken cancellationToken = default)
        => WithSessionAsync((runId, afterSeq, limit), static async (args, store, session, ct) =>
        {
            using var command = session.Command(store._sql.SelectEvents).Text("@r", args.runId).Int("@seq", args.afterSeq).Int("@lim", args.limit);
            return (IReadOnlyList<RunEventRecord>)await ReadAsync(command, ReadEvent, ct).ConfigureAwait(false);
        }, "read run events", transaction: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InputRequestRecord>> GetRequestsAsync(string runId, bool pendingOnly = false, CancellationToken cancellationToken = default)
        => WithSessionAsync((runId, pendingOnly), static async (args, store, session, ct) =>
        {
            using var command = session.Command(store._sql.SelectRequests).Text("@r", args.runId).Int32("@pend", args.pendingOnly ? 1 : 0);
            return (IReadOnlyList<InputRequestRecord>)await ReadAsync(command, ReadRequest, ct).ConfigureAwait(false);
        }, "read input requests", transaction: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask<RequestAnswerOutcome> AnswerRequestAsync(string runId, string requestId, string? response, DateTimeOffset at, InputRequestStatus status = InputRequestStatus.Answered, CancellationToken cancellationToken = default)
        => WithSessionAsync((runId, requestId, response, at, status), static async (args, store, session, ct) =>
        {
            using (var update = session.Command(store._sql.AnswerRequest)
                .Text("@st", StoreNames.Of(args.status)).Text("@rs", args.response).Time("@aa", args.at).Text("@r", args.runId).Text("@q", args.requestId))
            {
                if (await update.ExecuteAsync(ct).ConfigureAwait(false) == 1)
                {
                    return RequestAnswerOutcome.Answered;
                }
            }

            using var check = session.Command(store._sql.SelectRequestStatus).Text("@r", args.runId).Text("@q", args.requestId);
            return await check.ScalarAsync(ct).ConfigureAwait(false) is string ? RequestAnswerOutcome.NotPending : RequestAnswerOutcome.NotFound;
        }, "answer an input request", transaction: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => !_retention.Enabled
            ? new(0)
            : WithSessionAsync(now - _retention.FinishedRunMaxAge, static async (cutoff, store, session, ct) =>
            {
                var deleted = 0;
                foreach (var sql in store._sql.Prune)
                {
                    using var command = session.Command(sql).Time("@cut", cutoff);
                    deleted = await command.ExecuteAsync(ct).ConfigureAwait(false);
                }

                return deleted;
            }, "prune finished runs", transaction: true, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var cache in _caches.Values)
        {
            foreach (var command in cache.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }

        _caches.Clear();
        await _dialect.DisposeAsync().ConfigureAwait(false);
        _initGate.Dispose();
        GC.SuppressFinalize(this);
    }
}
