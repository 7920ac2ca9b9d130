using System.Data.Common;
using System.Globalization;

namespace Kailash.Durability;

/// <summary>Sessions, the commit of one node result, schema creation and row mapping.</summary>
public abstract partial class RelationalRunStore
{
    private async ValueTask<TResult> WithSessionAsync<TArg, TResult>(
        TArg arg,
        Func<TArg, RelationalRunStore, StoreSession, CancellationToken, Task<TResult>> operation,
        string what,
        bool transaction,
        CancellationToken cancellationToken,
        bool skipInit = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!skipInit && !_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        DbConnection connection;
        try
        {
            connection = await _dialect.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsProviderFailure(ex))
        {
            throw _dialect.Translate(ex, what);
        }

        try
        {
            var session = new StoreSession(connection, CacheFor(connection));
            if (transaction)
            {
                session.Transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var result = await operation(arg, this, session, cancellationToken).ConfigureAwait(false);
                if (session.Transaction is { } tx)
                {
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return result;
            }
            finally
            {
                if (session.Transaction is { } tx)
                {
                    await tx.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (IsProviderFailure(ex))
        {
            throw _dialect.Translate(ex, what);
        }
        finally
        {
            await _dialect.ReleaseAsync(connection).ConfigureAwait(false);
        }
    }

    private static bool IsProviderFailure(Exception ex) => ex is not (RunStoreException or OperationCanceledException or ObjectDisposedException);

    private Dictionary<string, DbCommand>? CacheFor(DbConnection connection)
    {
        if (!_dialect.KeepsConnection)
        {
            return null;
        }

        if (!_caches.TryGetValue(connection, out var cache))
        {
            cache = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            _caches[connection] = cache;
        }

        return cache;
    }

    private async Task<bool> CommitOneAsync(StoreSession session, NodeCommit commit, List<RunProgress> runs, CancellationToken cancellationToken)
    {
        var progress = runs.Find(r => r.Fence == commit.Fence && r.RunId == commit.RunId);
        if (progress is null)
        {
            using var check = session.Command(_sql.FenceCheck).Text("@r", commit.RunId).Int("@f", commit.Fence);
            var value = await check.ScalarAsync(cancellationToken).ConfigureAwait(false);
            progress = new RunProgress(commit.RunId, commit.Fence, value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture));
            runs.Add(progress);
        }

        if (progress.Seq is not { } current)
        {
            return false;
        }

        var finished = !StoreNames.IsOpen(commit.Status);
        var seq = finished ? current + 1 : 0;
        using (var upsert = session.Command(_sql.UpsertNode)
            .Text("@r", commit.RunId).Text("@n", commit.NodeId).Int32("@i", commit.Iteration).Int32("@a", commit.Attempt).Text("@s", StoreNames.Of(commit.Status))
            .Bytes("@o", commit.Outputs).Text("@e", commit.Error).Bytes("@st", commit.State).Int("@cs", seq).Text("@w", commit.Worker)
            .Time("@t", commit.StartedAt ?? commit.Timestamp).Time("@ct", finished ? commit.Timestamp : null))
        {
            if (await upsert.ExecuteAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        if (finished)
        {
            progress.Seq = seq;
            progress.Advanced = true;
        }

        if (commit.RunStatus is { } status)
        {
            progress.Status = status;
            progress.StatusAt = commit.Timestamp;
        }

        await InsertEventsAsync(session, commit.Events, cancellationToken).ConfigureAwait(false);
        if (commit.Request is { } q)
        {
            using var request = session.Command(_sql.InsertRequest)
                .Text("@r", q.RunId).Text("@q", q.RequestId).Text("@n", q.NodeId).Int32("@i", q.Iteration).Text("@nm", q.Name).Text("@pl", q.Payload)
                .Text("@st", StoreNames.Of(q.Status)).Text("@rs", q.Response).Time("@ca", q.CreatedAt).Time("@xa", q.ExpiresAt).Time("@aa", q.AnsweredAt);
            await request.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Writes what a transaction's commits changed on a run's row: its commit sequence and, when a commit set one, its status (with the time).</summary>
    private async Task AdvanceAsync(StoreSession session, RunProgress run, CancellationToken cancellationToken)
    {
        if (run.Status is { } status)
        {
            // A status change (a suspended run) also releases the lease and stamps the row, as a run update does.
            using var advance = session.Command(_sql.AdvanceRun)
                .Int("@cs", run.Seq).Text("@st", StoreNames.Of(status)).Time("@ua", run.StatusAt)
                .Int32("@rel", status != DurableRunStatus.Running ? 1 : 0).Text("@r", run.RunId);
            await advance.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (run.Advanced)
        {
            // Only the sequence: no indexed column changes, so one page of the run table is all the row costs.
            using var advance = session.Command(_sql.AdvanceSeq).Int("@cs", run.Seq).Text("@r", run.RunId);
            await advance.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A run's row as a transaction's commits see it: its fence check (a null sequence when the fence is stale) and what they changed.</summary>
    private sealed class RunProgress(string runId, long fence, long? seq)
    {
        public string RunId { get; } = runId;

        public long Fence { get; } = fence;

        public long? Seq { get; set; } = seq;

        public bool Advanced { get; set; }

        public DurableRunStatus? Status { get; set; }

        public DateTimeOffset StatusAt { get; set; }
    }

    private async Task InsertEventsAsync(StoreSession session, IReadOnlyList<RunEventRecord>? events, CancellationToken cancellationToken)
    {
        if (events is null)
        {
            return;
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            using var command = session.Command(_sql.InsertEvent)
                .Text("@r", e.RunId).Int("@seq", e.Seq).Text("@ty", e.Type).Text("@n", e.NodeId).Text("@pl", e.Payload).Time("@ts", e.Timestamp);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> CreateSchemaAsync(StoreSession session, CancellationToken cancellationToken)
    {
        await _dialect.PrepareSchemaAsync(session.Connection, session.Transaction!, cancellationToken).ConfigureAwait(false);
        List<string> tables;
        using (var list = session.Command(_dialect.ListTablesSql))
        {
            tables = await ReadAsync(list, static r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        }

        if (tables.Contains("kailash_meta"))
        {
            using var version = session.Command(_sql.SchemaVersionQuery);
            var text = await version.ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var stored))
            {
                throw new RunStoreException(ErrorCodes.StoreCorrupt, $"The {_dialect.Name} run store at {_dialect.Location} has no readable schema version; it is damaged. Point the store at a new location.");
            }

            if (stored > SchemaVersion)
            {
                throw new RunStoreException(ErrorCodes.StoreSchemaTooNew, $"The {_dialect.Name} run store at {_dialect.Location} has schema version {stored}, newer than this Kailash understands ({SchemaVersion}); upgrade Kailash or use another store.");
            }

            await MigrateAsync(session, stored, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (tables.Count > 0)
        {
            tables.Sort(StringComparer.Ordinal);
            throw new RunStoreException(ErrorCodes.StoreForeign, $"The {_dialect.Name} database at {_dialect.Location} holds other tables ({string.Join(", ", tables.Take(5))}) and no Kailash run store; point the store at a new file or an empty database.");
        }

        foreach (var ddl in _sql.Schema)
        {
            using var command = session.Command(ddl);
            await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task MigrateAsync(StoreSession session, int stored, CancellationToken cancellationToken)
    {
        for (var version = stored; version < SchemaVersion; version++)
        {
            foreach (var statement in _sql.Migrations[version - 1])
            {
                using var command = session.Command(statement);
                await command.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (stored < SchemaVersion)
        {
            using var stamp = session.Command(_sql.StampSchemaVersion);
            await stamp.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<T>> ReadAsync<T>(StoreCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var reader = await command.ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
        }

        return rows;
    }

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : StoreNames.Time(r.GetInt64(i));

    private static byte[]? Bytes(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<byte[]>(i);

    private static RunRecord ReadRun(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        WorkflowId = r.GetString(1),
        Fingerprint = r.GetString(2),
        Definition = Text(r, 3),
        Parameters = Text(r, 4),
        Status = StoreNames.RunStatus(r.GetString(5)),
        Error = Text(r, 6),
        LeaseOwner = Text(r, 7),
        LeaseExpiresAt = Time(r, 8),
        Fence = r.GetInt64(9),
        CommitSeq = r.GetInt64(10),
        CreatedAt = StoreNames.Time(r.GetInt64(11)),
        UpdatedAt = StoreNames.Time(r.GetInt64(12)),
    };

    private static NodeExecutionRecord ReadNode(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        NodeId = r.GetString(1),
        Iteration = r.GetInt32(2),
        Attempt = r.GetInt32(3),
        Status = StoreNames.NodeStatus(r.GetString(4)),
        Outputs = Bytes(r, 5),
        Error = Text(r, 6),
        State = Bytes(r, 7),
        CommitSeq = r.GetInt64(8),
        Worker = Text(r, 9),
        StartedAt = StoreNames.Time(r.GetInt64(10)),
        CompletedAt = Time(r, 11),
    };

    private static CheckpointRecord ReadCheckpoint(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        CommitSeq = r.GetInt64(1),
        State = r.GetFieldValue<byte[]>(2),
        CreatedAt = StoreNames.Time(r.GetInt64(3)),
    };

    private static RunEventRecord ReadEvent(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        Seq = r.GetInt64(1),
        Type = r.GetString(2),
        NodeId = Text(r, 3),
        Payload = Text(r, 4),
        Timestamp = StoreNames.Time(r.GetInt64(5)),
    };

    private static InputRequestRecord ReadRequest(DbDataReader r) => new()
    {
        RunId = r.GetString(0),
        RequestId = r.GetString(1),
        NodeId = r.GetString(2),
        Iteration = r.GetInt32(3),
        Name = Text(r, 4),
        Payload = Text(r, 5),
        Status = StoreNames.RequestStatus(r.GetString(6)),
        Response = Text(r, 7),
        CreatedAt = StoreNames.Time(r.GetInt64(8)),
        ExpiresAt = Time(r, 9),
        AnsweredAt = Time(r, 10),
    };
}
