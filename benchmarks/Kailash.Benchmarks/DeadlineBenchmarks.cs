using BenchmarkDotNet.Attributes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 11 goal: a run deadline holds for a node that ignores its token. With <c>RunTimeout = 100 ms</c> and a node
/// that blocks for 2 s without looking at its token, the call must end (cancelled, <c>KWF046</c>) within the deadline
/// plus 50 ms: the mean of each case should be ≤ 150 ms. The tests (<c>DeadlineTests</c>) check the outcome without a
/// clock; this measures the time. Run only on a quiet machine.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class DeadlineBenchmarks
{
    private Workflow _workflow = null!;
    private BaseRuntime _runtime = null!;

    [Params(false, true)]
    public bool Async { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workflow = new WorkflowBuilder("deadline")
            .AddNode("stubborn", new LambdaNode(_ =>
            {
                Thread.Sleep(TimeSpan.FromSeconds(2));
                return 1L;
            }))
            .Build();
        var options = new RuntimeOptions { RunTimeout = TimeSpan.FromMilliseconds(100) };
        _runtime = Async ? new AsyncLocalRuntime(options) : new LocalRuntime(options);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark(Description = "RunTimeout 100 ms, node ignores its token (goal ≤ 150 ms)")]
    public WorkflowRunStatus RunUntilTheDeadline()
    {
        try
        {
            return Async
                ? ((AsyncLocalRuntime)_runtime).ExecuteAsync(_workflow).AsTask().GetAwaiter().GetResult().Status
                : ((LocalRuntime)_runtime).Execute(_workflow).Status;
        }
        catch (WorkflowCancelledException ex)
        {
            return ex.Result.Status;
        }
    }
}
