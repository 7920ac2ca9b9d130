using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 12 goal: 8 independent CPU-bound synchronous nodes of 100 ms each on AsyncLocalRuntime. At MaxConcurrency 8 on
/// 2 cores the run should take ≈ 400 ms (it took 801 ms when sync nodes ran inline); MaxConcurrency 1 is the serial
/// reference (≈ 800 ms). Run only on a quiet machine.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ParallelSyncBenchmarks
{
    private Workflow _workflow = null!;
    private AsyncLocalRuntime _runtime = null!;

    [Params(1, 8)]
    public int MaxConcurrency { get; set; } = 8;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new WorkflowBuilder("cpu-fan");
        for (var i = 0; i < 8; i++)
        {
            builder.AddNode($"n{i}", new LambdaNode(_ => Spin(TimeSpan.FromMilliseconds(100))));
        }

        _workflow = builder.Build();
        _runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = MaxConcurrency });
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark]
    public ValueTask<WorkflowRunResult> EightCpuBoundSyncNodes() => _runtime.ExecuteAsync(_workflow);

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
