using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>The workflow shapes every suite measures, built from one trivial node type.</summary>
public static class Shapes
{
    public static readonly string[] Names = ["seq3", "chain50", "fanout8+join"];

    public static Workflow Build(string shape) => shape switch
    {
        "seq3" => Chain(3),
        "chain50" => Chain(50),
        "fanout8+join" => FanOut(8),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>Node steps one run of the shape makes.</summary>
    public static int Steps(string shape) => shape switch
    {
        "seq3" => 3,
        "chain50" => 50,
        "fanout8+join" => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    private static Workflow Chain(int length)
    {
        var builder = new WorkflowBuilder($"chain{length}").AddNode("n0", new IncrementNode(), new() { ["value"] = 0L });
        for (var i = 1; i < length; i++)
        {
            builder.AddNode($"n{i}", new IncrementNode()).AddConnection($"n{i - 1}", "result", $"n{i}", "value");
        }

        return builder.Build();
    }

    private static Workflow FanOut(int width)
    {
        var builder = new WorkflowBuilder($"fanout{width}").AddNode("start", new IncrementNode(), new() { ["value"] = 0L }).AddNode("join", new SumNode());
        for (var i = 0; i < width; i++)
        {
            builder.AddNode($"w{i}", new IncrementNode())
                .AddConnection("start", "result", $"w{i}", "value")
                .AddConnection($"w{i}", "result", "join", $"x{i}");
        }

        return builder.Build();
    }
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
