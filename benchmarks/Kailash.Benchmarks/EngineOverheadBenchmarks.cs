using BenchmarkDotNet.Attributes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Engine overhead per node step: the same trivial work run by both runtimes and by direct calls (the baseline).
/// Overhead per step = (runtime time - baseline time) / steps.
/// </summary>
[MemoryDiagnoser]
public class EngineOverheadBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;
    private AsyncLocalRuntime _asyncSequential = null!;
    private int _steps;

    [Params("seq3", "chain50", "fanout8+join")]
    public string Shape { get; set; } = "seq3";

    [GlobalSetup]
    public void Setup()
    {
        _workflow = Shapes.Build(Shape);
        _steps = Shapes.Steps(Shape);
        _sync = new LocalRuntime();
        _async = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        _asyncSequential = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 1 });
        _sync.Execute(_workflow);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _async.Dispose();
        _asyncSequential.Dispose();
    }

    /// <summary>The same node bodies called directly: one input map and one output map per step, no engine.</summary>
    [Benchmark(Baseline = true)]
    public long DirectCalls()
    {
        long value = 0;
        for (var i = 0; i < _steps; i++)
        {
            var inputs = new Dictionary<string, object?>(1) { ["value"] = value };
            var outputs = new Dictionary<string, object?>(1) { ["result"] = IncrementNode.Compute(inputs) };
            value = (long)outputs["result"]!;
        }

        return value;
    }

    [Benchmark]
    public WorkflowRunResult LocalRuntime() => _sync.Execute(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncLocalRuntime() => _async.ExecuteAsync(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncLocalRuntime_MaxConcurrency1() => _asyncSequential.ExecuteAsync(_workflow);
}
