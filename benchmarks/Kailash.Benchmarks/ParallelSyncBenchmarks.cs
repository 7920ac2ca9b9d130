using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 12 goal: 8 independent CPU-bound synchronous nodes of 100 ms each. <c>LocalRuntime</c> and
/// <c>AsyncLocalRuntime</c> with sync nodes inline (<see cref="RuntimeOptions.MaxParallelSyncNodes"/> 0, the default) are
/// the serial reference (≈ 800 ms); with <c>MaxParallelSyncNodes = 8</c> and <c>MaxConcurrency = 8</c> the run should
/// take ≈ 800 ms / cores (≈ 400 ms on 2 cores). Run only on a quiet machine.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ParallelSyncBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _local = null!;
    private AsyncLocalRuntime _inline = null!;
    private AsyncLocalRuntime _parallel = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new WorkflowBuilder("cpu-fan");
        for (var i = 0; i < 8; i++)
        {
            builder.AddNode($"n{i}", new LambdaNode(_ => Spin(TimeSpan.FromMilliseconds(100))));
        }

        _workflow = builder.Build();
        _local = new LocalRuntime();
        _inline = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        _parallel = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8, MaxParallelSyncNodes = 8 });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _local.Dispose();
        _inline.Dispose();
        _parallel.Dispose();
    }

    [Benchmark(Baseline = true)]
    public WorkflowRunResult LocalRuntime() => _local.Execute(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncSyncNodesInline() => _inline.ExecuteAsync(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncSyncNodesInParallel() => _parallel.ExecuteAsync(_workflow);

    /// <summary>Burns CPU (no sleeping) for the given time and returns how many rounds it made.</summary>
    private static long Spin(TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long rounds = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            rounds++;
        }

        return rounds;
    }
}
