using BenchmarkDotNet.Attributes;
using Kailash.Runtime;
using Kailash.Workflows;
using InProcessExecution = Microsoft.Agents.AI.Workflows.InProcessExecution;
using MafWorkflow = Microsoft.Agents.AI.Workflows.Workflow;

namespace Kailash.Benchmarks;

/// <summary>
/// Kailash's two runtimes beside Microsoft Agent Framework workflows, TPL Dataflow and direct calls, on the same shapes
/// with the same work per step (value + 1). Every figure is per run; per step = per run / <see cref="Shapes.Steps"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SideBySideConfig))]
public class SideBySideBenchmarks
{
    /// <summary>
    /// Runs made back to back in one invocation. BenchmarkDotNet blocks on a returned task once per invocation; running
    /// several runs inside one async method amortises that thread handoff, which no engine should be charged for.
    /// </summary>
    public const int RunsPerInvoke = 8;

    private static readonly Func<long, long> Step = static n => n + 1;
    private static readonly Func<long, bool> Route = static n => n > 0;

    private Workflow? _kailash;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;
    private MafWorkflow _maf = null!;
    private DataflowPipeline _dataflow = null!;
    private string _output = "";

    [ParamsSource(nameof(AllShapes))]
    public string Shape { get; set; } = Shapes.Seq3;

    public static IEnumerable<string> AllShapes => [Shapes.Seq3, Shapes.Chain50, Shapes.FanOut8Join, Shapes.Loop, Shapes.Switch];

    [GlobalSetup]
    public void Setup()
    {
        _sync = new LocalRuntime();
        _async = new AsyncLocalRuntime();
        _output = Shapes.OutputNode(Shape);
        if (Shape != Shapes.Switch || KailashSwitch.IsAvailable)
        {
            _kailash = Shapes.Build(Shape);
        }

        _maf = MafShapes.Build(Shape);
        _dataflow = DataflowPipeline.Build(Shape);

        // Every engine must compute the same value, twice (the second run checks that prebuilt state is reusable).
        var expected = Shapes.Expected(Shape);
        for (var round = 0; round < 2; round++)
        {
            Check("direct delegates", Direct_Delegate(), expected);
            Check("direct node bodies", Direct_NodeBody(), expected);
            Check("MAF lockstep", Maf_Lockstep().GetAwaiter().GetResult(), expected);
            Check("MAF off-thread", Maf_OffThread().GetAwaiter().GetResult(), expected);
            Check("Dataflow prebuilt", Dataflow_Prebuilt().GetAwaiter().GetResult(), expected);
            Check("Dataflow per run", Dataflow_BuildPerRun().GetAwaiter().GetResult(), expected);
            if (_kailash is not null)
            {
                Check("LocalRuntime", Kailash_Local(), expected);
                Check("AsyncLocalRuntime", Kailash_Async().GetAwaiter().GetResult(), expected);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _async.Dispose();
    }

    /// <summary>One delegate call per step: the floor for any engine.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RunsPerInvoke)]
    public long Direct_Delegate()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = DirectShapes.RunDelegates(Shape, Step, Route);
        }

        return last;
    }

    /// <summary>The Kailash node bodies called directly, with their input and output maps: what the engine adds to.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public long Direct_NodeBody()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = DirectShapes.RunNodeBodies(Shape);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public long Kailash_Local()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = Value(_sync.Execute(Kailash()));
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public async Task<long> Kailash_Async()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = Value(await _async.ExecuteAsync(Kailash()).ConfigureAwait(false));
        }

        return last;
    }

    /// <summary>MAF, prebuilt workflow, lockstep environment (supersteps on the caller's thread).</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public async Task<long> Maf_Lockstep()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = await MafShapes.RunAsync(InProcessExecution.Lockstep, _maf, 0).ConfigureAwait(false);
        }

        return last;
    }

    /// <summary>MAF, prebuilt workflow, default off-thread environment.</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public async Task<long> Maf_OffThread()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = await MafShapes.RunAsync(InProcessExecution.OffThread, _maf, 0).ConfigureAwait(false);
        }

        return last;
    }

    /// <summary>TPL Dataflow, prebuilt pipeline: one message posted through it per run (streaming use).</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public async Task<long> Dataflow_Prebuilt()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = await _dataflow.RunAsync(0).ConfigureAwait(false);
        }

        return last;
    }

    /// <summary>TPL Dataflow, pipeline built, linked and run once per run (one-shot use).</summary>
    [Benchmark(OperationsPerInvoke = RunsPerInvoke)]
    public async Task<long> Dataflow_BuildPerRun()
    {
        long last = 0;
        for (var i = 0; i < RunsPerInvoke; i++)
        {
            last = await DataflowPipeline.Build(Shape).RunAsync(0).ConfigureAwait(false);
        }

        return last;
    }

    private static void Check(string engine, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{engine} computed {actual}, expected {expected}.");
        }
    }

    private long Value(WorkflowRunResult result) => (long)result[_output]["result"]!;

    private Workflow Kailash() => _kailash ?? throw new NotSupportedException($"Kailash cannot build '{Shape}' on this branch.");
}
