using BenchmarkDotNet.Attributes;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 13, through the engine: chain50 (outputs ≤ 1 KB) on <see cref="LocalRuntime"/> with a run store, per step
/// (<c>OperationsPerInvoke = 50</c>). The store's cost per committed step is a row minus the <c>NoStore</c> baseline.
/// Goals: SQLite <c>Sync</c> ≤ 50 µs, SQLite <c>Batched</c> ≤ 5 µs, PostgreSQL loopback <c>Sync</c> ≤ 1 ms (on the server
/// <see cref="BenchPostgres"/> gives: <c>KAILASH_BENCH_POSTGRES</c>, else a cluster the suite starts itself; without
/// either that row reports why and the others run).
/// The store-level commit path alone is <see cref="RunStoreBenchmarks"/>.
/// </summary>
[Config(typeof(SideBySideConfig))]
[MemoryDiagnoser]
public class DurableStoreBenchmarks
{
    private const int Steps = 50;
    private readonly Workflow _chain = Shapes.Chain(Steps);
    private string _directory = null!;
    private LocalRuntime _plain = null!;
    private LocalRuntime _memory = null!;
    private LocalRuntime _sqliteSync = null!;
    private LocalRuntime _sqliteBatched = null!;
    private LocalRuntime? _postgres;
    private BenchPostgres? _server;
    private string? _noPostgres;
    private readonly List<IRunStore> _stores = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kailash-bench-durable-").FullName;
        _plain = new LocalRuntime();
        _memory = Runtime(new InMemoryRunStore(), DurabilityMode.Sync);
        _sqliteSync = Runtime(new SqliteRunStore(Path.Combine(_directory, "sync.db")), DurabilityMode.Sync);
        _sqliteBatched = Runtime(new SqliteRunStore(Path.Combine(_directory, "batched.db")), DurabilityMode.Batched);
        try
        {
            _server = BenchPostgres.Start();
            _postgres = Runtime(new PostgresRunStore(_server.ConnectionString, schema: $"bench_{Guid.NewGuid():N}"), DurabilityMode.Sync);
        }
        catch (InvalidOperationException ex)
        {
            // No server to measure: the PostgreSQL row reports why, the others run.
            _noPostgres = ex.Message;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var runtime in new[] { _plain, _memory, _sqliteSync, _sqliteBatched, _postgres })
        {
            runtime?.Dispose();
        }

        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _server?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Steps, Baseline = true)]
    public object NoStore() => _plain.Execute(_chain);

    [Benchmark(OperationsPerInvoke = Steps)]
    public object InMemorySync() => _memory.Execute(_chain);

    [Benchmark(OperationsPerInvoke = Steps)]
    public object SqliteSync() => _sqliteSync.Execute(_chain);

    [Benchmark(OperationsPerInvoke = Steps)]
    public object SqliteBatched() => _sqliteBatched.Execute(_chain);

    [Benchmark(OperationsPerInvoke = Steps)]
    public object PostgresSync() => (_postgres ?? throw new InvalidOperationException(_noPostgres)).Execute(_chain);

    private LocalRuntime Runtime(IRunStore store, DurabilityMode mode)
    {
        _stores.Add(store);
        return new LocalRuntime(new RuntimeOptions { RunStore = store, Durability = mode });
    }
}

/// <summary>
/// Issue 13: resuming a SQLite-recorded run of 10,000 completed steps whose last step had not run (it was cancelled):
/// the time from <c>Resume</c> to the end of that one new step — rebuilding the state from the checkpoint and the 10,000
/// rows, then running it. Goal: ≤ 200 ms. Each iteration resumes a fresh copy of the recorded database.
/// </summary>
[Config(typeof(IoFanOutConfig))]
public class DurableResumeBenchmarks
{
    private const int Steps = 10_000;
    private string _directory = null!;
    private string _template = null!;
    private string _copy = null!;
    private Workflow _workflow = null!;
    private SqliteRunStore? _store;
    private LocalRuntime? _runtime;
    private CancellationTokenSource? _stop;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("kailash-bench-resume-run-").FullName;
        _template = Path.Combine(_directory, "template.db");
        var builder = new WorkflowBuilder("resume10k").AddNode("n0", new IncrementNode(), new() { ["value"] = 0L });
        for (var i = 1; i < Steps; i++)
        {
            builder.AddNode($"n{i}", new IncrementNode()).AddConnection($"n{i - 1}", "result", $"n{i}", "value");
        }

        _workflow = builder
            .AddNode("last", new Nodes.Code.LambdaNode(inputs => { _stop?.Cancel(); _stop?.Token.ThrowIfCancellationRequested(); return inputs.Get<long>("value"); }, [new NodeParameter("value", typeof(long)) { Required = true }]))
            .AddConnection($"n{Steps - 1}", "result", "last", "value")
            .Build();
        using var store = new SqliteRunStore(_template);
        using var runtime = new LocalRuntime(new RuntimeOptions { RunStore = store, MaxSteps = Steps * 2 });
        using (_stop = new CancellationTokenSource())
        {
            try
            {
                runtime.Execute(_workflow, null, new RunSettings { RunId = "resume10k" }, _stop.Token);
            }
            catch (WorkflowCancelledException)
            {
                // Expected: the last step cancelled the run, so it is recorded as resumable with 10,000 completed steps.
            }
        }

        _stop = null;
    }

    [IterationSetup]
    public void Copy()
    {
        _copy = Path.Combine(_directory, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(_template, _copy);
        _store = new SqliteRunStore(_copy);
        _runtime = new LocalRuntime(new RuntimeOptions { RunStore = _store, MaxSteps = Steps * 2 });
    }

    [IterationCleanup]
    public void Drop()
    {
        _runtime?.Dispose();
        _store?.Dispose();
        File.Delete(_copy);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public object ResumeTenThousandSteps() => _runtime!.Resume(_workflow, "resume10k");
}
