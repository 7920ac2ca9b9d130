using System.Text;
using Kailash.Durability;
using Microsoft.Data.Sqlite;

namespace Kailash.Tests.Durability;

/// <summary>A store file written by schema version 1 is migrated in place to version 2, keeping every row.</summary>
public sealed class SqliteRunStoreMigrationTests : IDisposable
{
    private const string Version1 = """
        CREATE TABLE kailash_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE runs (run_id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, fingerprint TEXT NOT NULL, definition TEXT, parameters TEXT, status TEXT NOT NULL, error TEXT, lease_owner TEXT, lease_expires BIGINT, fence BIGINT NOT NULL, commit_seq BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
        CREATE INDEX ix_runs_status ON runs (status, updated_at);
        CREATE TABLE node_executions (run_id TEXT NOT NULL, node_id TEXT NOT NULL, iteration INTEGER NOT NULL, attempt INTEGER NOT NULL, status TEXT NOT NULL, outputs BLOB, error TEXT, state BLOB, commit_seq BIGINT NOT NULL, worker TEXT, started_at BIGINT NOT NULL, completed_at BIGINT, PRIMARY KEY (run_id, node_id, iteration));
        CREATE INDEX ix_node_executions_seq ON node_executions (run_id, commit_seq);
        CREATE TABLE checkpoints (run_id TEXT NOT NULL, commit_seq BIGINT NOT NULL, state BLOB NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (run_id, commit_seq));
        CREATE TABLE requests (run_id TEXT NOT NULL, request_id TEXT NOT NULL, node_id TEXT NOT NULL, iteration INTEGER NOT NULL, name TEXT, payload TEXT, status TEXT NOT NULL, response TEXT, created_at BIGINT NOT NULL, expires_at BIGINT, answered_at BIGINT, PRIMARY KEY (run_id, request_id));
        CREATE TABLE run_events (run_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, node_id TEXT, payload TEXT, ts BIGINT NOT NULL, PRIMARY KEY (run_id, seq));
        INSERT INTO kailash_meta (key, value) VALUES ('schema_version', '1');
        INSERT INTO runs VALUES ('old', 'wf', 'fp', NULL, NULL, 'running', NULL, NULL, NULL, 3, 1, 1000, 1000);
        INSERT INTO node_executions VALUES ('old', 'a', 0, 1, 'completed', X'3432', NULL, NULL, 1, NULL, 1000, 1001);
        INSERT INTO run_events VALUES ('old', 1, 'NodeCompleted', 'a', '{"type":"NodeCompleted"}', 1001);
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-migrate-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_version_1_file_is_migrated_to_version_2_and_keeps_its_rows()
    {
        var path = Path.Combine(_directory, "v1.db");
        Exec(path, Version1);

        await using (var store = new SqliteRunStore(path))
        {
            var run = await store.GetRunAsync("old", cancellationToken: Ct);
            Assert.Equal(1, run!.CommitSeq);
            Assert.Equal("42", Encoding.UTF8.GetString(Assert.Single(await store.GetNodeExecutionsAsync("old", cancellationToken: Ct)).Outputs!));
            Assert.Equal("NodeCompleted", Assert.Single(await store.ReadEventsAsync("old", cancellationToken: Ct)).Type);

            // The migrated store takes new commits as a new one does.
            await store.CommitAsync([new NodeCommit { RunId = "old", NodeId = "b", Fence = 3, Status = NodeExecutionStatus.Completed, Outputs = [0x37], Timestamp = DateTimeOffset.UtcNow, Events = [new RunEventRecord { RunId = "old", Seq = 2, Type = "NodeCompleted", NodeId = "b", Timestamp = DateTimeOffset.UtcNow }] }], cancellationToken: Ct);
            Assert.Equal(2, (await store.GetRunAsync("old", cancellationToken: Ct))!.CommitSeq);
            Assert.Equal(2, (await store.ReadEventsAsync("old", cancellationToken: Ct)).Count);
        }

        Assert.Equal("2", Scalar(path, "SELECT value FROM kailash_meta WHERE key = 'schema_version'"));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_node_executions_seq'"));
        Assert.Contains("WITHOUT ROWID", (string)Scalar(path, "SELECT sql FROM sqlite_master WHERE name = 'run_events'")!, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Exec(string path, string sql) => SqliteRunStoreTests.Exec(path, sql);

    private static object? Scalar(string path, string sql) => SqliteRunStoreTests.Scalar(path, sql);
}
