using Kailash.Nodes;
using Kailash.Nodes.Data;

namespace Kailash.Tests.Nodes;

public sealed class NodeRegistryTests
{
    [Fact]
    public void BuiltIn_IsReadOnly_AndHoldsBuiltInNodes()
    {
        Assert.True(NodeRegistry.BuiltIn.IsReadOnly);
        Assert.Contains("PassThroughNode", NodeRegistry.BuiltIn.TypeNames);
        Assert.Throws<InvalidOperationException>(() => NodeRegistry.BuiltIn.Register<CustomNode>());
    }

    [Fact]
    public void CreateDefault_ReturnsIndependentWritableRegistries()
    {
        var first = NodeRegistry.CreateDefault().Register<CustomNode>("Custom");
        var second = NodeRegistry.CreateDefault();

        Assert.True(first.Contains("Custom"));
        Assert.False(second.Contains("Custom"));
        Assert.False(NodeRegistry.BuiltIn.Contains("Custom"));
        Assert.Equal("Custom", first.GetTypeName(typeof(CustomNode)));
    }

    [Fact]
    public void TryCreate_ReturnsFreshInstances()
    {
        var registry = NodeRegistry.CreateDefault();
        Assert.True(registry.TryCreate("PassThroughNode", out var a));
        Assert.True(registry.TryCreate("PassThroughNode", out var b));
        Assert.IsType<PassThroughNode>(a);
        Assert.NotSame(a, b);
        Assert.False(registry.TryCreate("Nope", out _));
    }

    [Fact]
    public void RegisterAssembly_FindsPublicConcreteNodesWithDefaultConstructors()
    {
        var registry = new NodeRegistry();
        var count = registry.RegisterAssembly(typeof(NodeRegistryTests).Assembly);

        Assert.True(count >= 1);
        Assert.True(registry.Contains(nameof(CustomNode)));
        Assert.False(registry.Contains(nameof(AbstractNode)));
    }

    [Fact]
    public void Register_SameNameForAnotherType_Throws()
    {
        var registry = new NodeRegistry().Register<CustomNode>("X");
        Assert.Throws<ArgumentException>(() => registry.Register<PassThroughNode>("X"));
    }

    [Fact]
    public void Describe_ListsParametersAndOutputs()
    {
        var info = NodeRegistry.BuiltIn.Describe("PassThroughNode");
        Assert.Equal("data", Assert.Single(info.Parameters).Name);
        Assert.Equal(["data"], info.Outputs);
        var error = Assert.Throws<KailashException>(() => NodeRegistry.BuiltIn.Describe("PassThrough"));
        Assert.Equal(ErrorCodes.UnknownNodeType, error.Code);
    }
}

public sealed class CustomNode : Node
{
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context) => new Dictionary<string, object?> { ["result"] = 1 };
}

public abstract class AbstractNode : Node
{
}
