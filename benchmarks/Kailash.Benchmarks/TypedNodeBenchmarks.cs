using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 12 goal: chain50 with a typed trivial node (<c>x + 1</c> on a <c>long</c>), engine + node, ≤ 200 B allocated
/// and ≤ 0.25 µs per step on LocalRuntime (≤ 0.3 µs on AsyncLocalRuntime); the dictionary node is reported beside it.
/// Per step = reported figure / 50.
/// </summary>
[MemoryDiagnoser]
public class TypedNodeBenchmarks
{
    private Workflow _workflow = null!;
    private LocalRuntime _sync = null!;
    private AsyncLocalRuntime _async = null!;

    [Params("typed", "dictionary")]
    public string Node { get; set; } = "typed";

    [GlobalSetup]
    public void Setup()
    {
        _workflow = Node == "typed" ? TypedChain(50) : Shapes.Chain(50);
        _sync = new LocalRuntime();
        _async = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        var value = _sync.Execute(_workflow)["n49"]["result"];
        if (!Equals(value, 50L))
        {
            throw new InvalidOperationException($"chain50 ({Node}) computed {value}, expected 50.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sync.Dispose();
        _async.Dispose();
    }

    [Benchmark]
    public WorkflowRunResult LocalRuntime() => _sync.Execute(_workflow);

    [Benchmark]
    public ValueTask<WorkflowRunResult> AsyncLocalRuntime() => _async.ExecuteAsync(_workflow);

    /// <summary>A chain of <paramref name="length"/> typed increment nodes.</summary>
    public static Workflow TypedChain(int length)
    {
        var builder = new WorkflowBuilder($"typed-chain{length}").AddNode("n0", new TypedIncrementNode(), new() { ["value"] = 0L });
        for (var i = 1; i < length; i++)
        {
            builder.AddNode($"n{i}", new TypedIncrementNode()).AddConnection($"n{i - 1}", "result", $"n{i}", "value");
        }

        return builder.Build();
    }
}

/// <summary>The input of <see cref="TypedIncrementNode"/>.</summary>
public sealed record IncrementInput(long Value);

/// <summary>The output of <see cref="TypedIncrementNode"/>.</summary>
public sealed record IncrementOutput(long Result);

/// <summary>value + 1 as a typed node.</summary>
public sealed class TypedIncrementNode : Node<IncrementInput, IncrementOutput>
{
    public override IncrementOutput Run(IncrementInput input, NodeContext context) => new(input.Value + 1);
}
