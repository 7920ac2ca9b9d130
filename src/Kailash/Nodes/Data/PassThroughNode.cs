namespace Kailash.Nodes.Data;

/// <summary>Forwards its <c>data</c> input unchanged to its <c>data</c> output.</summary>
public sealed class PassThroughNode : Node
{
    /// <summary>The name of the input and output port.</summary>
    public const string Port = "data";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new NodeParameter(Port, typeof(object)) { Description = "The value to forward." },
    ];

    private static readonly IReadOnlyList<string> Outputs = [Port];

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => Outputs;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        inputs.TryGetValue(Port, out var value);
        return new Dictionary<string, object?>(1) { [Port] = value };
    }
}
