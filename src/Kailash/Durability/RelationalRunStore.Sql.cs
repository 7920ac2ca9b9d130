namespace Kailash.Durability;

/// <summary>The SQL of the relational stores, written once for SQLite and PostgreSQL (both speak upsert and RETURNING).</summary>
public abstract partial class RelationalRunStore
{
    /// <summary>
    /// The schema version this build writes and reads. Version 2 (issue 13's store cost): no index on
    /// <c>node_executions (run_id, commit_seq)</c> (resume reads a run's rows by its key prefix and sorts them), and on
    /// SQLite <c>run_events</c> is a WITHOUT ROWID table (no second b-tree for its key) — two fewer pages per commit.
    /// </summary>
    internal const int SchemaVersion = 2;

    private const string RunColumns = "run_id, workflow_id, fingerprint, definition, parameters, status, error, lease_owner, lease_expires, fence, commit_seq, created_at, updated_at";
    private const string NodeColumns = "run_id, node_id, iteration, attempt, status, outputs, error, state, commit_seq, worker, started_at, completed_at";
    private const string EventColumns = "run_id, seq, type, node_id, payload, ts";
    private const string RequestColumns = "run_id, request_id, node_id, iteration, name, payload, status, response, created_at, expires_at, answered_at";
    private const string EventTable = "(run_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, node_id TEXT, payload TEXT, ts BIGINT NOT NULL, PRIMARY KEY (run_id, seq))";
    private const string Finished = "('completed', 'failed', 'cancelled')";

    private sealed class Sql
    {
        public Sql(StoreDialect dialect)
        {
            var p = dialect.TablePrefix;
            var blob = dialect.BlobType;
            Schema =
            [
                $"CREATE TABLE {p}kailash_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                $"CREATE TABLE {p}runs (run_id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, fingerprint TEXT NOT NULL, definition TEXT, parameters TEXT, status TEXT NOT NULL, error TEXT, lease_owner TEXT, lease_expires BIGINT, fence BIGINT NOT NULL, commit_seq BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
                $"CREATE INDEX ix_runs_status ON {p}runs (status, updated_at)",
                $"CREATE TABLE {p}node_executions (run_id TEXT NOT NULL, node_id TEXT NOT NULL, iteration INTEGER NOT NULL, attempt INTEGER NOT NULL, status TEXT NOT NULL, outputs {blob}, error TEXT, state {blob}, commit_seq BIGINT NOT NULL, worker TEXT, started_at BIGINT NOT NULL, completed_at BIGINT, PRIMARY KEY (run_id, node_id, iteration))",
                $"CREATE TABLE {p}checkpoints (run_id TEXT NOT NULL, commit_seq BIGINT NOT NULL, state {blob} NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (run_id, commit_seq))",
                $"CREATE TABLE {p}requests (run_id TEXT NOT NULL, request_id TEXT NOT NULL, node_id TEXT NOT NULL, iteration INTEGER NOT NULL, name TEXT, payload TEXT, status TEXT NOT NULL, response TEXT, created_at BIGINT NOT NULL, expires_at BIGINT, answered_at BIGINT, PRIMARY KEY (run_id, request_id))",
                $"CREATE TABLE {p}run_events {EventTable}{dialect.WithoutRowId}",
                $"INSERT INTO {p}kailash_meta (key, value) VALUES ('schema_version', '{SchemaVersion}')",
            ];
            Migrations =
            [
                // 1 → 2: drop the commit-sequence index; SQLite rebuilds run_events as a WITHOUT ROWID table.
                dialect.WithoutRowId.Length == 0
                    ? [$"DROP INDEX IF EXISTS {p}ix_node_executions_seq"]
                    : [
                        $"DROP INDEX IF EXISTS {p}ix_node_executions_seq",
                        $"CREATE TABLE {p}run_events_v2 {EventTable}{dialect.WithoutRowId}",
                        $"INSERT INTO {p}run_events_v2 ({EventColumns}) SELECT {EventColumns} FROM {p}run_events",
                        $"DROP TABLE {p}run_events",
                        $"ALTER TABLE {p}run_events_v2 RENAME TO run_events",
                    ],
            ];
            StampSchemaVersion = $"UPDATE {p}kailash_meta SET value = '{SchemaVersion}' WHERE key = 'schema_version'";
            SchemaVersionQuery = $"SELECT value FROM {p}kailash_meta WHERE key = 'schema_version'";
            InsertRun = $"INSERT INTO {p}runs ({RunColumns}) VALUES (@r, @wf, @fp, @def, @par, @st, @e, @lo, @lx, @f, @cs, @ca, @ua) ON CONFLICT (run_id) DO NOTHING";
            SelectRun = $"SELECT {RunColumns} FROM {p}runs WHERE run_id = @r";
            ListRuns = $"SELECT {RunColumns} FROM {p}runs WHERE (@st IS NULL OR status = @st) AND (@wf IS NULL OR workflow_id = @wf) ORDER BY created_at DESC, run_id DESC LIMIT @lim";
            AcquireLease = $"UPDATE {p}runs SET lease_owner = @lo, lease_expires = @lx, fence = fence + 1, updated_at = @ua WHERE run_id = @r AND (lease_owner IS NULL OR lease_owner = @lo OR lease_expires < @ua) RETURNING fence";
            FenceCheck = $"SELECT commit_seq FROM {p}runs WHERE run_id = @r AND fence = @f{dialect.ForUpdate}";
            UpsertNode = $"INSERT INTO {p}node_executions AS ne ({NodeColumns}) VALUES (@r, @n, @i, @a, @s, @o, @e, @st, @cs, @w, @t, @ct) "
                + "ON CONFLICT (run_id, node_id, iteration) DO UPDATE SET attempt = excluded.attempt, status = excluded.status, outputs = excluded.outputs, "
                + "error = excluded.error, state = excluded.state, commit_seq = excluded.commit_seq, worker = excluded.worker, "
                + "started_at = CASE WHEN excluded.status = 'running' THEN excluded.started_at ELSE ne.started_at END, completed_at = excluded.completed_at "
                + "WHERE ne.status IN ('running', 'waiting') AND ((excluded.status = 'running' AND ne.attempt < excluded.attempt) "
                + "OR (excluded.status <> 'running' AND ne.attempt = excluded.attempt))";
            AdvanceRun = $"UPDATE {p}runs SET commit_seq = @cs, status = COALESCE(@st, status), updated_at = @ua, "
                + "lease_owner = CASE WHEN @rel = 1 THEN NULL ELSE lease_owner END, lease_expires = CASE WHEN @rel = 1 THEN NULL ELSE lease_expires END WHERE run_id = @r";
            AdvanceSeq = $"UPDATE {p}runs SET commit_seq = @cs WHERE run_id = @r";
            UpdateRun = $"UPDATE {p}runs SET status = COALESCE(@st, status), error = COALESCE(@e, error), updated_at = @ua, "
                + "lease_owner = CASE WHEN @rel = 1 THEN NULL ELSE lease_owner END, lease_expires = CASE WHEN @rel = 1 THEN NULL ELSE lease_expires END WHERE run_id = @r AND fence = @f";
            InsertEvent = $"INSERT INTO {p}run_events ({EventColumns}) VALUES (@r, @seq, @ty, @n, @pl, @ts) ON CONFLICT (run_id, seq) DO NOTHING";
            InsertRequest = $"INSERT INTO {p}requests ({RequestColumns}) VALUES (@r, @q, @n, @i, @nm, @pl, @st, @rs, @ca, @xa, @aa) ON CONFLICT (run_id, request_id) DO NOTHING";
            DeleteCheckpoints = $"DELETE FROM {p}checkpoints WHERE run_id = @r";
            InsertCheckpoint = $"INSERT INTO {p}checkpoints (run_id, commit_seq, state, created_at) VALUES (@r, @cs, @st, @ca)";
            SelectNodes = $"SELECT {NodeColumns} FROM {p}node_executions WHERE run_id = @r AND (commit_seq > @cs OR status IN ('running', 'waiting')) ORDER BY CASE WHEN commit_seq = 0 THEN 1 ELSE 0 END, commit_seq, node_id, iteration";
            SelectCheckpoint = $"SELECT run_id, commit_seq, state, created_at FROM {p}checkpoints WHERE run_id = @r ORDER BY commit_seq DESC LIMIT 1";
            SelectEvents = $"SELECT {EventColumns} FROM {p}run_events WHERE run_id = @r AND seq > @seq ORDER BY seq LIMIT @lim";
            SelectRequests = $"SELECT {RequestColumns} FROM {p}requests WHERE run_id = @r AND (@pend = 0 OR status = 'pending') ORDER BY created_at, request_id";
            SelectRequestStatus = $"SELECT status FROM {p}requests WHERE run_id = @r AND request_id = @q";
            AnswerRequest = $"UPDATE {p}requests SET status = @st, response = @rs, answered_at = @aa WHERE run_id = @r AND request_id = @q AND status = 'pending'";
            var doomed = $"(SELECT run_id FROM {p}runs WHERE status IN {Finished} AND updated_at < @cut)";
            Prune =
            [
                $"DELETE FROM {p}node_executions WHERE run_id IN {doomed}",
                $"DELETE FROM {p}checkpoints WHERE run_id IN {doomed}",
                $"DELETE FROM {p}requests WHERE run_id IN {doomed}",
                $"DELETE FROM {p}run_events WHERE run_id IN {doomed}",
                $"DELETE FROM {p}runs WHERE status IN {Finished} AND updated_at < @cut",
            ];
        }

        public string[] Schema { get; }

        /// <summary>Gets the schema changes from version N to N + 1, at index N - 1.</summary>
        public string[][] Migrations { get; }

        public string StampSchemaVersion { get; }

        public string SchemaVersionQuery { get; }

        public string InsertRun { get; }

        public string SelectRun { get; }

        public string ListRuns { get; }

        public string AcquireLease { get; }

        public string FenceCheck { get; }

        public string UpsertNode { get; }

        public string AdvanceRun { get; }

        public string AdvanceSeq { get; }

        public string UpdateRun { get; }

        public string InsertEvent { get; }

        public string InsertRequest { get; }

        public string DeleteCheckpoints { get; }

        public string InsertCheckpoint { get; }

        public string SelectNodes { get; }

        public string SelectCheckpoint { get; }

        public string SelectEvents { get; }

        public string SelectRequests { get; }

        public string SelectRequestStatus { get; }

        public string AnswerRequest { get; }

        public string[] Prune { get; }
    }
}
