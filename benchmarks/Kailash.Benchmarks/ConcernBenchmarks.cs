using BenchmarkDotNet.Attributes;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>The same workflow run by both runtimes, built from the options and workflow a suite chooses.</summary>
public abstract class RuntimePairBenchmarks
{
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    protected Workflow Workflow { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Workflow = BuildWorkflow();
        _sync = new LocalRuntime(CreateOptions());
        _async = new AsyncLocalRuntime(CreateOptions());
        Verify(_sync.Execute(Workflow));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _async.Dispose();
    }

    [Benchmark(Baseline = true)]
    public WorkflowRunResult LocalRuntime() => _sync.Execute(Workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncLocalRuntime() => _async.ExecuteAsync(Workflow);

    protected abstract Workflow BuildWorkflow();

    protected virtual RuntimeOptions CreateOptions() => new();

    protected virtual void Verify(WorkflowRunResult result)
    {
    }
}

/// <summary>
/// Issue 6: a 2-node cycle at 1,000 and 10,000 iterations on both runtimes. Memory is flat when the allocated bytes per
/// iteration are the same at both sizes (nothing is kept per iteration).
/// </summary>
[MemoryDiagnoser]
public class CycleBenchmarks : RuntimePairBenchmarks
{
    [Params(1_000, 10_000)]
    public int Iterations { get; set; }

    protected override Workflow BuildWorkflow() => Shapes.Cycle(Iterations);

    protected override void Verify(WorkflowRunResult result)
    {
        if (result.Cycles["loop"].Iterations != Iterations)
        {
            throw new InvalidOperationException($"expected {Iterations} iterations, got {result.Cycles["loop"].Iterations}");
        }
    }
}

/// <summary>Issue 6: the switch workflow (4 nodes run, 2 skipped) in both conditional modes on both runtimes.</summary>
[MemoryDiagnoser]
public class SwitchModeBenchmarks : RuntimePairBenchmarks
{
    [Params(ConditionalExecutionMode.RouteData, ConditionalExecutionMode.SkipBranches)]
    public ConditionalExecutionMode Mode { get; set; }

    protected override Workflow BuildWorkflow() => KailashSwitch.Build();

    protected override RuntimeOptions CreateOptions() => new() { ConditionalExecution = Mode };
}

/// <summary>
/// Issue 7: what analytics and resilience policies cost on a 20-node chain. <c>Default</c> is the foundation's
/// configuration (analytics on, no listener, no policy); <c>AnalyticsOff</c> must be within 5 % of it or cheaper;
/// <c>RetryEveryNode</c> puts a retry policy (never triggered) on every node; a node without a policy pays nothing.
/// </summary>
[MemoryDiagnoser]
public class ConcernOverheadBenchmarks : RuntimePairBenchmarks
{
    [Params("Default", "AnalyticsOff", "RetryEveryNode")]
    public string Variant { get; set; } = "Default";

    protected override Workflow BuildWorkflow() => Shapes.Chain(20);

    protected override RuntimeOptions CreateOptions() => new()
    {
        EnableAnalytics = Variant != "AnalyticsOff",
        DefaultRetryPolicy = Variant == "RetryEveryNode" ? new RetryPolicyOptions { MaxAttempts = 3 } : null,
    };
}
