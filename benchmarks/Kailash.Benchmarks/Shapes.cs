using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// The workflow shapes every suite measures, built from one trivial node type (value + 1), and their node-step counts.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>seq3</c>, <c>chain50</c>: linear chains of 3 and 50 nodes.</item>
/// <item><c>fanout8+join</c>: a start node, 8 parallel nodes and a join that sums them (10 steps).</item>
/// <item><c>loop</c>: a 2-node cycle run for 5,000 iterations (10,000 steps).</item>
/// <item><c>switch</c>: start, a switch, then one of two 2-node branches (4 steps executed, 2 skipped).</item>
/// </list>
/// </remarks>
public static class Shapes
{
    public const string Seq3 = "seq3";
    public const string Chain50 = "chain50";
    public const string FanOut8Join = "fanout8+join";
    public const string Loop = "loop";
    public const string Switch = "switch";

    /// <summary>Iterations of the <c>loop</c> shape; each runs both nodes of the cycle.</summary>
    public const int LoopIterations = 5_000;

    public static readonly string[] Names = [Seq3, Chain50, FanOut8Join];

    /// <summary>Builds the Kailash workflow for a shape.</summary>
    public static Workflow Build(string shape) => shape switch
    {
        Seq3 => Chain(3),
        Chain50 => Chain(50),
        FanOut8Join => FanOut(8),
        Loop => Cycle(LoopIterations),
        Switch => KailashSwitch.Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>Node steps one run of the shape makes (nodes executed; skipped branches do not count).</summary>
    public static int Steps(string shape) => shape switch
    {
        Seq3 => 3,
        Chain50 => 50,
        FanOut8Join => 10,
        Loop => 2 * LoopIterations,
        Switch => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>The value every engine must produce for a run of the shape that starts from 0.</summary>
    public static long Expected(string shape) => shape switch
    {
        Seq3 => 3,
        Chain50 => 50,
        FanOut8Join => 16,
        Loop => 2 * LoopIterations,
        Switch => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>The Kailash node whose <c>result</c> is the run's value.</summary>
    public static string OutputNode(string shape) => shape switch
    {
        Seq3 => "n2",
        Chain50 => "n49",
        FanOut8Join => "join",
        Loop => "b",
        Switch => "t2",
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>A fan-out of <paramref name="width"/> copies of <paramref name="worker"/> between a start node and a summing join.</summary>
    public static Workflow FanOut(int width, Func<Node>? worker = null)
    {
        var builder = new WorkflowBuilder($"fanout{width}").AddNode("start", new IncrementNode(), new() { ["value"] = 0L }).AddNode("join", new SumNode());
        for (var i = 0; i < width; i++)
        {
            builder.AddNode($"w{i}", worker?.Invoke() ?? new IncrementNode())
                .AddConnection("start", "result", $"w{i}", "value")
                .AddConnection($"w{i}", "result", "join", $"x{i}");
        }

        return builder.Build();
    }

    /// <summary>A chain of <paramref name="length"/> increment nodes.</summary>
    public static Workflow Chain(int length)
    {
        var builder = new WorkflowBuilder($"chain{length}").AddNode("n0", new IncrementNode(), new() { ["value"] = 0L });
        for (var i = 1; i < length; i++)
        {
            builder.AddNode($"n{i}", new IncrementNode()).AddConnection($"n{i - 1}", "result", $"n{i}", "value");
        }

        return builder.Build();
    }

    /// <summary>A 2-node cycle (a → b, back edge b → a) that runs exactly <paramref name="iterations"/> iterations.</summary>
    public static Workflow Cycle(int iterations) => new WorkflowBuilder("loop")
        .AddNode("a", new IncrementNode(), new() { ["value"] = 0L })
        .AddNode("b", new IncrementNode())
        .AddConnection("a", "result", "b", "value")
        .CreateCycle("loop").Connect("b", "result", "a", "value").MaxIterations(iterations).Build()
        .Build();
}

/// <summary>value + 1: the smallest node that reads an input and writes an output.</summary>
public sealed class IncrementNode : Node
{
    private static readonly IReadOnlyList<NodeParameter> Parameters = [new NodeParameter("value", typeof(long)) { Required = true }];

    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?>(1) { [DefaultOutput] = Compute(inputs) };

    public static long Compute(IReadOnlyDictionary<string, object?> inputs) => (long)inputs["value"]! + 1;
}

/// <summary>Sums every input.</summary>
public sealed class SumNode : Node
{
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        long sum = 0;
        foreach (var pair in inputs)
        {
            sum += (long)pair.Value!;
        }

        return new Dictionary<string, object?>(1) { [DefaultOutput] = sum };
    }
}
