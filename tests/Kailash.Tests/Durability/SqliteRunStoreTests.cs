using Kailash.Durability;
using Microsoft.Data.Sqlite;

namespace Kailash.Tests.Durability;

public sealed class SqliteRunStoreTests : RunStoreConformance
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-store-").FullName;
    private int _files;

    protected override Task<IRunStore> CreateStoreAsync(RetentionPolicy retention)
        => Task.FromResult<IRunStore>(new SqliteRunStore(Path.Combine(_directory, $"runs{++_files}.db"), retention));

    protected override Task CleanupAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Runs_survive_closing_and_reopening_the_file()
    {
        var path = Path.Combine(_directory, "reopen.db");
        await using (var first = new SqliteRunStore(path))
        {
            await first.CreateRunAsync(NewRun("keep"), cancellationToken: Ct);
            var fence = (await first.AcquireLeaseAsync("keep", "p", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, cancellationToken: Ct))!.Value;
            await first.CommitAsync([Complete("keep", "a", fence, 1, 1, "42")], cancellationToken: Ct);
        }

        await using var second = new SqliteRunStore(path);
        Assert.Equal(1, (await second.GetRunAsync("keep", cancellationToken: Ct))!.CommitSeq);
        Assert.Equal("42", System.Text.Encoding.UTF8.GetString(Assert.Single(await second.GetNodeExecutionsAsync("keep", cancellationToken: Ct)).Outputs!));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_coded_error()
    {
        var path = Path.Combine(_directory, "garbage.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray(), Ct);
        await using var store = new SqliteRunStore(path);

        var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await store.GetRunAsync("x", cancellationToken: Ct));

        Assert.Equal(ErrorCodes.StoreCorrupt, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_and_left_untouched()
    {
        var path = Path.Combine(_directory, "foreign.db");
        Exec(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');");
        await using (var store = new SqliteRunStore(path))
        {
            var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await store.ListRunsAsync(new RunQuery(), cancellationToken: Ct));
            Assert.Equal(ErrorCodes.StoreForeign, ex.Code);
            Assert.Contains("customers", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_version_is_refused()
    {
        var path = Path.Combine(_directory, "newer.db");
        await using (var store = new SqliteRunStore(path))
        {
            await store.InitializeAsync(cancellationToken: Ct);
        }

        Exec(path, "UPDATE kailash_meta SET value = '99' WHERE key = 'schema_version'");
        await using var reopened = new SqliteRunStore(path);
        var ex = await Assert.ThrowsAsync<RunStoreException>(async () => await reopened.GetRunAsync("x", cancellationToken: Ct));
        Assert.Equal(ErrorCodes.StoreSchemaTooNew, ex.Code);
    }

    [Fact]
    public async Task The_store_uses_the_write_ahead_log()
    {
        var path = Path.Combine(_directory, "wal.db");
        await using var store = new SqliteRunStore(path);
        await store.InitializeAsync(cancellationToken: Ct);
        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Bytes_per_step_do_not_grow_with_run_length()
    {
        // Outputs are written once per step and never rewritten: the file grows by the same amount per step at 200 and at 2,000 steps.
        var path = Path.Combine(_directory, "growth.db");
        await using var store = new SqliteRunStore(path);
        await store.CreateRunAsync(NewRun("long"), cancellationToken: Ct);
        var fence = (await store.AcquireLeaseAsync("long", "p", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, cancellationToken: Ct))!.Value;
        var output = new string('x', 200);
        async Task StepsAsync(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                await store.CommitAsync([Complete("long", $"n{i}", fence, 1, i + 1, $"\"{output}\"")], cancellationToken: Ct);
            }
        }

        await StepsAsync(0, 200);
        var early = PageBytes(path);
        await StepsAsync(200, 200);
        var perStepEarly = (PageBytes(path) - early) / 200.0;
        await StepsAsync(400, 1600);
        var late = PageBytes(path);
        await StepsAsync(2000, 200);
        var perStepLate = (PageBytes(path) - late) / 200.0;

        Assert.InRange(perStepLate, perStepEarly * 0.5, perStepEarly * 1.5);
    }

    private static long PageBytes(string path) => (long)Scalar(path, "PRAGMA page_count")! * (long)Scalar(path, "PRAGMA page_size")!;

    internal static void Exec(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
