using Kailash.Nodes;

namespace Kailash.Tests.Workflows.Serialization;

/// <summary>A node that accepts any input and may produce any output (used for the short connection form and convergence names).</summary>
public sealed class EchoNode : Node
{
    public override bool HasDynamicOutputs => true;

    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?> { [DefaultOutput] = inputs.TryGetValue("input", out var value) ? value : null };
}

/// <summary>A node whose config key <c>mode</c> must be <c>fast</c> or <c>slow</c>.</summary>
public sealed class StrictNode : Node
{
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?> { [DefaultOutput] = null };

    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        if (config.TryGetValue("mode", out var mode) && mode is not ("fast" or "slow"))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"'mode' must be 'fast' or 'slow', not '{mode}'.", "mode");
        }
    }
}

/// <summary>A careless node that casts its <c>label</c> config value to a string (so a number makes it throw InvalidCastException).</summary>
public sealed class CastingNode : Node
{
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?> { [DefaultOutput] = null };

    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
    {
        var label = config.TryGetValue("label", out var value) ? (string?)value : null;
        _ = label?.Length;
    }
}

internal static class TestRegistry
{
    public static NodeRegistry Create() => NodeRegistry.CreateDefault().Register<EchoNode>().Register<StrictNode>().Register<CastingNode>();
}
