using Kailash.Nodes;

namespace Kailash.Samples;

// <snippet:custom-node>
/// <summary>Splits a full name into its first and last part.</summary>
internal sealed class SplitNameNode : Node
{
    private static readonly IReadOnlyList<NodeParameter> Inputs =
    [
        new NodeParameter("full_name", typeof(string)) { Required = true, Description = "A name such as 'Ada Lovelace'." },
        new NodeParameter("separator", typeof(string)) { Default = " ", HasDefault = true },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["first", "last"];

    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    public override IReadOnlyList<string> GetOutputs() => Outputs;

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var parts = inputs.Get<string>("full_name").Split(inputs.Get<string>("separator"), 2);
        return new Dictionary<string, object?>
        {
            ["first"] = parts[0],
            ["last"] = parts.Length > 1 ? parts[1] : string.Empty,
        };
    }
}
// </snippet:custom-node>
