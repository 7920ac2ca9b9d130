using Kailash.Nodes;

namespace Kailash.Workflows;

/// <summary>A node placed in a workflow: its id, its type name, its configuration and its instance.</summary>
public sealed class NodeSpec
{
    internal NodeSpec(string id, string typeName, IReadOnlyDictionary<string, object?> config, Node node, IReadOnlyDictionary<string, object?> extensions)
    {
        Id = id;
        TypeName = typeName;
        Config = config;
        Node = node;
        Extensions = extensions;
    }

    /// <summary>Gets the node id, unique in its workflow.</summary>
    public string Id { get; }

    /// <summary>Gets the registered type name (for example <c>ExpressionNode</c>).</summary>
    public string TypeName { get; }

    /// <summary>Gets the node's configuration: its lowest-precedence input values.</summary>
    public IReadOnlyDictionary<string, object?> Config { get; }

    /// <summary>Gets the node instance that runs.</summary>
    public Node Node { get; }

    /// <summary>
    /// Gets extra per-node settings that are not inputs (for example resilience policies or unknown keys read from a
    /// file), kept so that a save after a load loses nothing.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; }
}
