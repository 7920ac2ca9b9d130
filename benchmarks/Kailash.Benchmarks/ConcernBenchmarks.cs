using BenchmarkDotNet.Attributes;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 6: a 2-node cycle at 1,000 and 10,000 iterations on both runtimes. Memory is flat when the allocated bytes per
/// iteration are the same at both sizes (nothing is kept per iteration).
/// </summary>
[MemoryDiagnoser]
public class CycleBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    [Params(1_000, 10_000)]
    public int Iterations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workflow = Shapes.Cycle(Iterations);
        _sync = new LocalRuntime();
        _async = new AsyncLocalRuntime();
        var check = _sync.Execute(_workflow);
        if (check.Cycles["loop"].Iterations != Iterations)
        {
            throw new InvalidOperationException($"expected {Iterations} iterations, got {check.Cycles["loop"].Iterations}");
        }
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

/// <summary>Issue 6: the switch workflow (4 nodes run, 2 skipped) in both conditional modes on both runtimes.</summary>
[MemoryDiagnoser]
public class SwitchModeBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    [Params(ConditionalExecutionMode.RouteData, ConditionalExecutionMode.SkipBranches)]
    public ConditionalExecutionMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workflow = KailashSwitch.Build();
        _sync = new LocalRuntime(new RuntimeOptions { ConditionalExecution = Mode });
        _async = new AsyncLocalRuntime(new RuntimeOptions { ConditionalExecution = Mode });
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

/// <summary>
/// Issue 7: what analytics and resilience policies cost on a 20-node chain. <c>Default</c> is the foundation's
/// configuration (analytics on, no listener, no policy); <c>AnalyticsOff</c> must be within 5 % of it or cheaper;
/// <c>RetryEveryNode</c> puts a retry policy (never triggered) on every node; a node without a policy pays nothing.
/// </summary>
[MemoryDiagnoser]
public class ConcernOverheadBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    [Params("Default", "AnalyticsOff", "RetryEveryNode")]
    public string Variant { get; set; } = "Default";

    [GlobalSetup]
    public void Setup()
    {
        var options = new RuntimeOptions { EnableAnalytics = Variant != "AnalyticsOff" };
        if (Variant == "RetryEveryNode")
        {
            options.DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 3 };
        }

        _workflow = Shapes.Chain(20);
        _sync = new LocalRuntime(options);
        _async = new AsyncLocalRuntime(options);
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
