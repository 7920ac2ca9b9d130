using System.Text;
using BenchmarkDotNet.Attributes;
using Kailash.Durability;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 13: store cost per committed step on a 50-step chain with outputs under 1 KB, at the store level (the commit
/// path the engine calls). Goals: SQLite <c>Sync</c> ≤ 50 µs per step (a start and a result, each its own
/// transaction), SQLite <c>Batched</c> ≤ 5 µs per step (the 50 steps' starts and results in one transaction),
/// in-memory for reference. Each reported time is per step (<c>OperationsPerInvoke = 50</c>).
/// PostgreSQL: <see cref="PostgresRunStoreBenchmarks"/>.
/// </summary>
[Config(typeof(SideBySideConfig))]
[MemoryDiagnoser]
public class RunStoreBenchmarks
{
    private const int Steps = 50;
    private readonly StoreChain _sqlite = new();
    private readonly StoreChain _memory = new();
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kailash-bench-store-").FullName;
        _sqlite.Open(new SqliteRunStore(Path.Combine(_directory, "runs.db")));
        _memory.Open(new InMemoryRunStore());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
        _memory.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SqliteSync() => _sqlite.CommitEachAsync(Steps).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Steps)]
    public int SqliteBatched() => _sqlite.CommitBatchAsync(Steps).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Steps, Baseline = true)]
    public int InMemorySync() => _memory.CommitEachAsync(Steps).GetAwaiter().GetResult();
}

/// <summary>
/// Issue 13: PostgreSQL on loopback, <c>Sync</c> durability: goal ≤ 1 ms per committed step (start + result).
/// Runs on <c>KAILASH_BENCH_POSTGRES</c> (a connection string) or a throwaway cluster it starts (<see cref="BenchPostgres"/>).
/// </summary>
[Config(typeof(SideBySideConfig))]
public class PostgresRunStoreBenchmarks
{
    private const int Steps = 50;
    private readonly StoreChain _postgres = new();
    private BenchPostgres? _server;

    [GlobalSetup]
    public void Setup()
    {
        _server = BenchPostgres.Start();
        _postgres.Open(new PostgresRunStore(_server.ConnectionString, schema: $"bench_{Guid.NewGuid():N}"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _postgres.Dispose();
        _server?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int PostgresSync() => _postgres.CommitEachAsync(Steps).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Steps)]
    public int PostgresBatched() => _postgres.CommitBatchAsync(Steps).GetAwaiter().GetResult();
}

/// <summary>
/// Issue 13: the store's part of resuming a 10,000-step run (read the run, its latest checkpoint and every node row).
/// Goal: the whole resume reaches its first new step in ≤ 200 ms on SQLite; this suite measures the reads it needs.
/// </summary>
[Config(typeof(IoFanOutConfig))]
public class RunStoreResumeBenchmarks
{
    private readonly StoreChain _sqlite = new();
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kailash-bench-resume-").FullName;
        _sqlite.Open(new SqliteRunStore(Path.Combine(_directory, "runs.db")));
        _sqlite.CommitBatchAsync(10_000).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int SqliteReadTenThousandSteps() => _sqlite.ReadAllAsync().GetAwaiter().GetResult();
}

/// <summary>One run in a store, committed to step by step: node ids keep counting, so every step is a new row.</summary>
internal sealed class StoreChain : IDisposable
{
    private static readonly byte[] Output = Encoding.UTF8.GetBytes($"{{\"result\":\"{new string('x', 512)}\"}}");
    private IRunStore _store = null!;
    private long _fence;
    private long _step;
    private long _seq;

    public const string RunId = "bench-run";

    public void Open(IRunStore store)
    {
        _store = store;
        var now = DateTimeOffset.UtcNow;
        store.CreateRunAsync(new RunRecord { RunId = RunId, WorkflowId = "chain50", Fingerprint = "bench", CreatedAt = now, UpdatedAt = now }).AsTask().GetAwaiter().GetResult();
        _fence = store.AcquireLeaseAsync(RunId, "bench", now.AddDays(1), now).AsTask().GetAwaiter().GetResult()!.Value;
    }

    public async Task<int> CommitEachAsync(int steps)
    {
        var accepted = 0;
        for (var i = 0; i < steps; i++)
        {
            var node = $"n{_step++}";
            accepted += await _store.CommitAsync([Commit(node, NodeExecutionStatus.Running, null)]).ConfigureAwait(false);
            accepted += await _store.CommitAsync([Commit(node, NodeExecutionStatus.Completed, Output)]).ConfigureAwait(false);
        }

        return accepted;
    }

    public async Task<int> CommitBatchAsync(int steps)
    {
        var batch = new List<NodeCommit>(steps * 2);
        for (var i = 0; i < steps; i++)
        {
            var node = $"n{_step++}";
            batch.Add(Commit(node, NodeExecutionStatus.Running, null));
            batch.Add(Commit(node, NodeExecutionStatus.Completed, Output));
        }

        return await _store.CommitAsync(batch).ConfigureAwait(false);
    }

    public async Task<int> ReadAllAsync()
    {
        _ = await _store.GetRunAsync(RunId).ConfigureAwait(false);
        _ = await _store.GetLatestCheckpointAsync(RunId).ConfigureAwait(false);
        return (await _store.GetNodeExecutionsAsync(RunId).ConfigureAwait(false)).Count;
    }

    public void Dispose() => _store.Dispose();

    private NodeCommit Commit(string node, NodeExecutionStatus status, byte[]? outputs)
    {
        var seq = ++_seq;
        return new NodeCommit
        {
            RunId = RunId,
            NodeId = node,
            Fence = _fence,
            Status = status,
            Outputs = outputs,
            Timestamp = DateTimeOffset.UtcNow,
            Events = [new RunEventRecord { RunId = RunId, Seq = seq, Type = status == NodeExecutionStatus.Running ? "NodeStarted" : "NodeCompleted", NodeId = node, Timestamp = DateTimeOffset.UtcNow }],
        };
    }
}

/// <summary>
/// Issue 13: bytes stored per step at 100 and at 10,000 steps (SQLite file size after the run divided by its steps,
/// minus an empty store's size). Goal: flat — the two figures within ±20 %. Run with <c>-- --store-bytes</c>.
/// </summary>
internal static class StoredBytesPerStep
{
    public static int Run()
    {
        var directory = Directory.CreateTempSubdirectory("kailash-bench-bytes-").FullName;
        try
        {
            var empty = Measure(directory, "empty", 0);
            foreach (var steps in new[] { 100, 10_000 })
            {
                var bytes = Measure(directory, $"s{steps}", steps) - empty;
                Console.WriteLine($"SQLite, {steps,6} steps: {bytes / (double)steps,8:F1} bytes per step");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long Measure(string directory, string name, int steps)
    {
        var path = Path.Combine(directory, $"{name}.db");
        using (var chain = new StoreChain())
        {
            chain.Open(new SqliteRunStore(path));
            if (steps > 0)
            {
                chain.CommitBatchAsync(steps).GetAwaiter().GetResult();
            }
        }

        // The WAL is checkpointed into the main file when the last connection closes.
        return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    }
}
