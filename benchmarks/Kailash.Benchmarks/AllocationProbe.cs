using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 12's allocation goals, measured without timing (<c>-- --alloc</c>): bytes allocated per run and per step on the
/// calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), for the typed trivial node and the dictionary
/// node on chain50 and for a 3-node run, analytics on and off, on both runtimes (all-synchronous nodes complete inline,
/// so the async runtime allocates on the calling thread too). Goal: typed chain50 ≤ 200 B per step. Allocation counts
/// are deterministic, so this is honest on a loaded machine; times are not measured here.
/// </summary>
internal static class AllocationProbe
{
    private const int Warmup = 200;
    private const int Measured = 2_000;

    public static int Run()
    {
        Console.WriteLine("| Workflow | Runtime | Analytics | B per run | B per step |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, workflow, steps) in new[]
        {
            ("typed chain50", TypedNodeBenchmarks.TypedChain(50), 50),
            ("dictionary chain50", Shapes.Chain(50), 50),
            ("typed chain3", TypedNodeBenchmarks.TypedChain(3), 3),
        })
        {
            foreach (var analytics in new[] { true, false })
            {
                foreach (var isAsync in new[] { false, true })
                {
                    var options = new RuntimeOptions { EnableAnalytics = analytics, MaxConcurrency = isAsync ? 8 : 1 };
                    using var runtime = isAsync ? (BaseRuntime)new AsyncLocalRuntime(options) : new LocalRuntime(options);
                    var perRun = Measure(runtime, workflow, isAsync);
                    Console.WriteLine($"| {name} | {(isAsync ? "async" : "sync")} | {(analytics ? "on" : "off")} | {perRun:0} | {perRun / steps:0} |");
                }
            }
        }

        return 0;
    }

    private static double Measure(BaseRuntime runtime, Workflow workflow, bool isAsync)
    {
        for (var i = 0; i < Warmup; i++)
        {
            Execute(runtime, workflow, isAsync);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            Execute(runtime, workflow, isAsync);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured;
    }

    private static void Execute(BaseRuntime runtime, Workflow workflow, bool isAsync)
    {
        if (isAsync)
        {
            var pending = ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow);
            (pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult()).GetHashCode();
        }
        else
        {
            ((LocalRuntime)runtime).Execute(workflow).GetHashCode();
        }
    }
}
