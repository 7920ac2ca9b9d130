using Kailash.Nodes;
using Kailash.Nodes.Code;

namespace Kailash.Tests.TestNodes;

/// <summary>Small nodes for unit tests.</summary>
internal static class Nodes
{
    public static LambdaNode Constant(object? value) => new(_ => value);

    public static LambdaNode AddOne()
        => new(inputs => inputs.Get<long>("value") + 1, [new NodeParameter("value", typeof(long)) { Required = true }]);
}
