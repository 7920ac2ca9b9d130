using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using InProcessExecution = Microsoft.Agents.AI.Workflows.InProcessExecution;
using MafWorkflow = Microsoft.Agents.AI.Workflows.Workflow;

namespace Kailash.Benchmarks;

/// <summary>
/// A fan-out of 100 nodes that each await 10 ms of simulated I/O, between a start node and a summing join.
/// With enough concurrency a run takes about 10 ms; one node at a time it takes about 1 s.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(IoFanOutConfig))]
public class IoFanOutBenchmarks
{
    public const int Width = 100;
    public const int DelayMilliseconds = 10;
    private const long Expected = Width * 2L;

    private Workflow _kailash = null!;
    private AsyncLocalRuntime _async = null!;
    private LocalRuntime _sync = null!;
    private MafWorkflow _maf = null!;
    private DataflowPipeline _dataflow = null!;

    [GlobalSetup]
    public void Setup()
    {
        _kailash = Shapes.FanOut(Width, static () => new DelayNode());
        _async = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = Width });
        _sync = new LocalRuntime();
        _maf = MafShapes.FanOutAsync(Width, static async n =>
        {
            await Task.Delay(DelayMilliseconds).ConfigureAwait(false);
            return n + 1;
        });
        _dataflow = DataflowPipeline.FanOutAsync(Width, static async n =>
        {
            await Task.Delay(DelayMilliseconds).ConfigureAwait(false);
            return n + 1;
        });
        Check("Task.WhenAll", Direct_WhenAll().GetAwaiter().GetResult());
        Check("AsyncLocalRuntime", (long)Kailash_Async_MaxConcurrency100().AsTask().GetAwaiter().GetResult()["join"]["result"]!);
        Check("MAF lockstep", Maf_Lockstep().GetAwaiter().GetResult());
        Check("Dataflow prebuilt", Dataflow_Prebuilt().GetAwaiter().GetResult());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _async.Dispose();
        _sync.Dispose();
    }

    /// <summary>The floor: 100 delays awaited together with no engine.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> Direct_WhenAll()
    {
        var tasks = new Task<long>[Width];
        for (var i = 0; i < Width; i++)
        {
            tasks[i] = DelayedIncrement(1);
        }

        long sum = 0;
        foreach (var value in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            sum += value;
        }

        return sum;
    }

    [Benchmark]
    public ValueTask<WorkflowRunResult> Kailash_Async_MaxConcurrency100() => _async.ExecuteAsync(_kailash);

    /// <summary>The sync runtime waits for each node in turn: about 100 × 10 ms.</summary>
    [Benchmark]
    public WorkflowRunResult Kailash_Local() => _sync.Execute(_kailash);

    [Benchmark]
    public Task<long> Maf_Lockstep() => MafShapes.RunAsync(InProcessExecution.Lockstep, _maf, 0);

    [Benchmark]
    public Task<long> Dataflow_Prebuilt() => _dataflow.RunAsync(0);

    private static async Task<long> DelayedIncrement(long value)
    {
        await Task.Delay(DelayMilliseconds).ConfigureAwait(false);
        return value + 1;
    }

    private static void Check(string engine, long actual)
    {
        if (actual != Expected)
        {
            throw new InvalidOperationException($"{engine} computed {actual}, expected {Expected}.");
        }
    }
}

/// <summary>value + 1 after 10 ms of simulated I/O.</summary>
public sealed class DelayNode : AsyncNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters = [new NodeParameter("value", typeof(long)) { Required = true }];

    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await Task.Delay(IoFanOutBenchmarks.DelayMilliseconds, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, object?>(1) { [DefaultOutput] = IncrementNode.Compute(inputs) };
    }
}
