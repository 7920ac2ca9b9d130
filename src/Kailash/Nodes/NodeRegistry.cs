using System.Reflection;
using Kailash.Internal;

namespace Kailash.Nodes;

/// <summary>
/// Maps node type names (as used in workflow files and <c>AddNode(typeName, ...)</c>) to factories.
/// There is no hidden global registry: pass the registry you want to the builder or loader, or use
/// <see cref="BuiltIn"/>, which is read-only.
/// </summary>
public sealed class NodeRegistry
{
    private static readonly Lazy<NodeRegistry> BuiltInRegistry = new(() => CreateDefault().Freeze());
    private readonly Dictionary<string, (Type Type, Func<Node> Factory)> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];
    private bool _frozen;

    /// <summary>Gets the read-only registry of the built-in node types.</summary>
    public static NodeRegistry BuiltIn => BuiltInRegistry.Value;

    /// <summary>Gets the registered type names, sorted.</summary>
    public IReadOnlyList<string> TypeNames => [.. _types.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Gets or sets what workflows built from this registry may touch; nodes check their config against it when the workflow
    /// is built, and runs use it unless <c>RuntimeOptions.Permissions</c> is set.
    /// </summary>
    /// <value>The default value is <see cref="Security.WorkflowPermissions.Default"/> (working directory, any host, no code).</value>
    /// <exception cref="InvalidOperationException">The registry is read-only.</exception>
    public Security.WorkflowPermissions Permissions
    {
        get;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_frozen)
            {
                throw new InvalidOperationException("This node registry is read-only. Please call NodeRegistry.CreateDefault() to get a registry whose permissions you can set.");
            }

            var errors = value.Validate();
            field = errors.Count == 0 ? value : throw new ArgumentException("Invalid permissions: " + string.Join(" ", errors), nameof(value));
        }
    } = Security.WorkflowPermissions.Default;

    /// <summary>Gets a value indicating whether the registry is read-only.</summary>
    public bool IsReadOnly => _frozen;

    /// <summary>Creates a new, writable registry holding the built-in node types.</summary>
    /// <returns>The registry.</returns>
    public static NodeRegistry CreateDefault()
    {
        var registry = new NodeRegistry();
        BuiltInNodes.RegisterAll(registry);
        return registry;
    }

    /// <summary>Registers a node type under <paramref name="typeName"/> (default: the class name).</summary>
    /// <typeparam name="TNode">The node type.</typeparam>
    /// <param name="typeName">The name files use; defaults to the class name.</param>
    /// <returns>This registry.</returns>
    public NodeRegistry Register<TNode>(string? typeName = null)
        where TNode : Node, new()
        => Register(typeName ?? typeof(TNode).Name, typeof(TNode), static () => new TNode());

    /// <summary>Registers a node type with a factory.</summary>
    /// <param name="typeName">The name files use.</param>
    /// <param name="nodeType">The node's CLR type.</param>
    /// <param name="factory">Creates a fresh instance for each node placed in a workflow.</param>
    /// <returns>This registry.</returns>
    public NodeRegistry Register(string typeName, Type nodeType, Func<Node> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(nodeType);
        ArgumentNullException.ThrowIfNull(factory);
        if (_frozen)
        {
            throw new InvalidOperationException("This node registry is read-only. Please call NodeRegistry.CreateDefault() to get a registry you can add to.");
        }

        if (!typeof(Node).IsAssignableFrom(nodeType))
        {
            throw new ArgumentException($"Type '{nodeType.FullName}' does not derive from Node.", nameof(nodeType));
        }

        if (_types.TryGetValue(typeName, out var existing) && existing.Type != nodeType)
        {
            throw new ArgumentException($"Node type name '{typeName}' is already registered for '{existing.Type.FullName}'. Please choose another name.", nameof(typeName));
        }

        _types[typeName] = (nodeType, factory);
        _names.TryAdd(nodeType, typeName);
        return this;
    }

    /// <summary>
    /// Registers every public, non-abstract <see cref="Node"/> type with a public parameterless constructor in
    /// <paramref name="assembly"/>, under its class name.
    /// </summary>
    /// <param name="assembly">The assembly to scan.</param>
    /// <returns>The number of node types registered.</returns>
    public int RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var count = 0;
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type.IsAbstract || !typeof(Node).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null || type.ContainsGenericParameters)
            {
                continue;
            }

            var nodeType = type;
            Register(type.Name, type, () => (Node)Activator.CreateInstance(nodeType)!);
            count++;
        }

        return count;
    }

    /// <summary>Tells whether a type name is registered.</summary>
    /// <param name="typeName">The type name.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool Contains(string typeName) => _types.ContainsKey(typeName);

    /// <summary>Creates a fresh node of a registered type.</summary>
    /// <param name="typeName">The type name.</param>
    /// <param name="node">The node, when the name is registered.</param>
    /// <returns><see langword="true"/> when the name is registered.</returns>
    public bool TryCreate(string typeName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? node)
    {
        if (_types.TryGetValue(typeName, out var entry))
        {
            node = entry.Factory();
            return true;
        }

        node = null;
        return false;
    }

    /// <summary>Gets the registered name of a node CLR type, or <see langword="null"/>.</summary>
    /// <param name="nodeType">The node's CLR type.</param>
    /// <returns>The registered name.</returns>
    public string? GetTypeName(Type nodeType) => _names.GetValueOrDefault(nodeType);

    /// <summary>Describes a registered type (for <c>kailash nodes</c> and validation messages).</summary>
    /// <param name="typeName">The type name.</param>
    /// <returns>The description.</returns>
    public NodeTypeInfo Describe(string typeName)
    {
        if (!_types.TryGetValue(typeName, out var entry))
        {
            throw new KailashException(ErrorCodes.UnknownNodeType, UnknownTypeMessage(typeName));
        }

        var node = entry.Factory();
        return new NodeTypeInfo(typeName, entry.Type, node.GetParameters(), node.GetOutputs(), node.HasDynamicOutputs);
    }

    /// <summary>Makes the registry read-only.</summary>
    /// <returns>This registry.</returns>
    public NodeRegistry Freeze()
    {
        _frozen = true;
        return this;
    }

    internal string UnknownTypeMessage(string typeName)
        => $"Node type '{typeName}' is not registered.{Suggestions.DidYouMean(typeName, _types.Keys)} Registered types: {Suggestions.List(TypeNames)}.";
}
