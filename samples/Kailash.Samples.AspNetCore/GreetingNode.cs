using Kailash.Nodes;

namespace Kailash.Samples.AspNetCore;

/// <summary>A node with a constructor dependency: the container creates it for every workflow that places it.</summary>
/// <param name="greeter">The application's greeter.</param>
public sealed class GreetingNode(IGreeter greeter) : Node
{
    private static readonly IReadOnlyList<NodeParameter> Inputs = [new NodeParameter("name", typeof(string)) { Required = true }];

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Inputs;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new Dictionary<string, object?> { ["result"] = greeter.Greet(inputs.Get<string>("name")) };
    }
}
