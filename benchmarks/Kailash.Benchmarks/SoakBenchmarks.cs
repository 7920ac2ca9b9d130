using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 11 soak: 100,000 runs of 1,000 distinct generated workflows on one runtime (every workflow built anew for
/// its run, ids cycling over 1,000, with a default retry policy and circuit breaker so every runtime-wide map fills).
/// Goal: managed memory retained after 10,000 runs and after 100,000 runs is flat (the second within a few percent of
/// the first), and the circuit-breaker and retry maps stay at or under <see cref="RuntimeOptions.MaxTrackedNodes"/>.
/// Run with <c>dotnet run -c Release --project benchmarks/Kailash.Benchmarks -- --soak</c>; it prints a table and
/// writes <c>benchmarks/results/soak.md</c>. The BenchmarkDotNet class times the same loop (one op = 100,000 runs).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class SoakBenchmarks
{
    public const int DistinctWorkflows = 1_000;

    public const int Runs = 100_000;

    [Params(false, true)]
    public bool Async { get; set; }

    [Benchmark]
    public long HundredThousandRunsOfAThousandWorkflows()
    {
        using var runtime = Soak.NewRuntime(Async);
        return Soak.RunMany(runtime, Async, 0, Runs);
    }
}

/// <summary>The soak loop and its report (the <c>--soak</c> mode of the benchmark program).</summary>
internal static class Soak
{
    public static BaseRuntime NewRuntime(bool isAsync)
    {
        var options = new RuntimeOptions
        {
            DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero },
            DefaultCircuitBreaker = new CircuitBreakerPolicyOptions(),
        };
        return isAsync ? new AsyncLocalRuntime(options) : new LocalRuntime(options);
    }

    /// <summary>Runs <paramref name="count"/> runs starting at run number <paramref name="from"/>; returns a checksum.</summary>
    public static long RunMany(BaseRuntime runtime, bool isAsync, int from, int count)
    {
        long sum = 0;
        for (var i = from; i < from + count; i++)
        {
            var workflow = Generated(i % SoakBenchmarks.DistinctWorkflows);
            var result = isAsync
                ? ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow).AsTask().GetAwaiter().GetResult()
                : ((LocalRuntime)runtime).Execute(workflow);
            sum += (long)result["last"]["result"]!;
        }

        return sum;
    }

    /// <summary>Runs the soak on both runtimes and writes the report; returns the exit code (0 when memory stayed flat and the maps bounded).</summary>
    public static int Run()
    {
        var report = new StringBuilder()
            .AppendLine("# Soak: 100,000 runs of 1,000 distinct generated workflows on one runtime")
            .AppendLine()
            .AppendLine("| Runtime | Managed memory after 10k runs | after 100k runs | Growth | Circuit breakers | Retry counters | Retained runs |")
            .AppendLine("|---|---|---|---|---|---|---|");
        var ok = true;
        foreach (var isAsync in new[] { false, true })
        {
            using var runtime = NewRuntime(isAsync);
            RunMany(runtime, isAsync, 0, 10_000);
            var at10k = Retained();
            RunMany(runtime, isAsync, 10_000, SoakBenchmarks.Runs - 10_000);
            var at100k = Retained();
            var policy = runtime.Engine.Services.Enterprise;
            var growth = (at100k - at10k) / (double)at10k;
            var retained = runtime.Analytics.GetExecutionAnalytics();
            ok &= growth < 0.10 && policy.BreakerCount <= runtime.Options.MaxTrackedNodes && policy.Retry.Metrics.TrackedNodes <= runtime.Options.MaxTrackedNodes;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {(isAsync ? "AsyncLocalRuntime" : "LocalRuntime")} | {at10k / 1024.0 / 1024:0.0} MiB | {at100k / 1024.0 / 1024:0.0} MiB | {growth:+0.0%;-0.0%} | {policy.BreakerCount:N0} | {policy.Retry.Metrics.TrackedNodes:N0} | {retained.Workflows.Count:N0} workflow stats |");
        }

        var text = report.ToString();
        Console.WriteLine(text);
        var results = Path.Combine(FindRoot(), "benchmarks", "results", "soak.md");
        File.WriteAllText(results, text);
        Console.WriteLine($"written to {results}");
        return ok ? 0 : 1;
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Workflow Generated(int n) => new WorkflowBuilder($"soak-{n:D4}")
        .AddNode("first", new LambdaNode(_ => (long)n))
        .AddNode("middle", new LambdaNode(inputs => inputs.Get<long>("value") + 1, [new Kailash.Nodes.NodeParameter("value", typeof(long)) { Required = true }]))
        .AddNode("last", new LambdaNode(inputs => inputs.Get<long>("value") * 2, [new Kailash.Nodes.NodeParameter("value", typeof(long)) { Required = true }]))
        .AddConnection("first", "result", "middle", "value")
        .AddConnection("middle", "result", "last", "value")
        .Build();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kailash.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
