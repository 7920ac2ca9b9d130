using BenchmarkDotNet.Attributes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 12 goals, side by side in one run: analytics on (the default) must cost at most 5 % over analytics off on
/// <c>seq3</c> and <c>chain50</c>; and a 3-node run (<c>seq3</c>, analytics on) must take at most 1 µs on
/// <c>LocalRuntime</c> (the fixed cost per run). Compare <c>Analytics=True</c> with <c>Analytics=False</c> per shape.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsCostBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    [Params("seq3", "chain50")]
    public string Shape { get; set; } = "seq3";

    [Params(true, false)]
    public bool Analytics { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        _workflow = Shapes.Build(Shape);
        _sync = new LocalRuntime(new RuntimeOptions { EnableAnalytics = Analytics });
        _async = new AsyncLocalRuntime(new RuntimeOptions { EnableAnalytics = Analytics, MaxConcurrency = 1 });
        _sync.Execute(_workflow);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _async.Dispose();
    }

    [Benchmark(Baseline = true)]
    public WorkflowRunResult LocalRuntime() => _sync.Execute(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncLocalRuntime() => _async.ExecuteAsync(_workflow);
}
