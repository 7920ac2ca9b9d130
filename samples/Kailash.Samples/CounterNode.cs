using Kailash.Nodes;

namespace Kailash.Samples;

// <snippet:cycle-node>
/// <summary>Counts up by one per iteration and says when it reached its target.</summary>
internal sealed class CounterNode : Node
{
    private static readonly IReadOnlyList<NodeParameter> Inputs =
    [
        new NodeParameter("count", typeof(long)) { Default = 0L, HasDefault = true },
        new NodeParameter("target", typeof(long)) { Required = true },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["count", "done", "iteration"];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override IReadOnlyList<string> GetOutputs() => Outputs;

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var count = inputs.Get<long>("count") + 1;    // iteration 1 reads the default, later ones the back edge
        return new Dictionary<string, object?>
        {
            ["count"] = count,
            ["done"] = count >= inputs.Get<long>("target"),
            ["iteration"] = context.Cycle?.Iteration,  // the loop state, null outside a cycle
        };
    }
}
// </snippet:cycle-node>
