using Kailash.Internal;
using Kailash.Nodes;

namespace Kailash.Workflows;

/// <summary>
/// Builds an immutable <see cref="Workflow"/>. Single-use: after <see cref="Build"/> every call throws.
/// Structural problems are collected and reported together by <see cref="Build"/>.
/// </summary>
public sealed partial class WorkflowBuilder
{
    private static readonly IReadOnlyDictionary<string, object?> EmptyConfig = new Dictionary<string, object?>();
    private readonly NodeRegistry _registry;
    private readonly List<PendingNode> _nodes = [];

    // Position of each node in _nodes (the first one added under an id), so attaching a setting is O(1), not a scan.
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<Connection> _connections = [];
    private readonly List<CycleSpec> _cycles = [];
    private readonly List<WorkflowError> _errors = [];
    private readonly Dictionary<string, object?> _metadata = new(StringComparer.Ordinal);
    private string _name;
    private string _version = "1.0.0";
    private string? _description;
    private bool _built;

    /// <summary>Initializes a new instance of the <see cref="WorkflowBuilder"/> class.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="registry">The node types to resolve type names from; defaults to <see cref="NodeRegistry.BuiltIn"/>.</param>
    public WorkflowBuilder(string workflowId, NodeRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        WorkflowId = workflowId;
        _name = workflowId;
        _registry = registry ?? NodeRegistry.BuiltIn;
    }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Adds a node of a registered type.</summary>
    /// <param name="typeName">The registered type name (for example <c>ExpressionNode</c>).</param>
    /// <param name="id">The node id, unique in the workflow.</param>
    /// <param name="config">The node's configuration (its lowest-precedence inputs).</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder AddNode(string typeName, string id, Dictionary<string, object?>? config = null)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!TrackId(id))
        {
            return this;
        }

        if (!_registry.TryCreate(typeName, out var node))
        {
            _errors.Add(new WorkflowError(ErrorCodes.UnknownNodeType, _registry.UnknownTypeMessage(typeName), id));
            return this;
        }

        AddPending(new PendingNode(id, typeName, node, Freeze(config)));
        return this;
    }

    /// <summary>Adds a node of type <typeparamref name="TNode"/>.</summary>
    /// <typeparam name="TNode">The node type.</typeparam>
    /// <param name="id">The node id, unique in the workflow.</param>
    /// <param name="config">The node's configuration.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder AddNode<TNode>(string id, Dictionary<string, object?>? config = null)
        where TNode : Node, new()
        => AddNode(id, new TNode(), config);

    /// <summary>Adds a node instance (for example a <see cref="Nodes.Code.LambdaNode"/>).</summary>
    /// <param name="id">The node id, unique in the workflow.</param>
    /// <param name="node">The node instance. It must not be shared with another workflow if it keeps configuration.</param>
    /// <param name="config">The node's configuration.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder AddNode(string id, Node node, Dictionary<string, object?>? config = null)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(node);
        if (!TrackId(id))
        {
            return this;
        }

        var typeName = _registry.GetTypeName(node.GetType()) ?? node.GetType().Name;
        AddPending(new PendingNode(id, typeName, node, Freeze(config)));
        return this;
    }

    /// <summary>Connects an output of one node to an input of another.</summary>
    /// <param name="from">The source node id.</param>
    /// <param name="fromOutput">The source output port, optionally followed by a dotted path (<c>result.payload.score</c>).</param>
    /// <param name="to">The target node id.</param>
    /// <param name="toInput">The target input.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder AddConnection(string from, string fromOutput, string to, string toInput)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromOutput);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentException.ThrowIfNullOrWhiteSpace(toInput);
        _connections.Add(new Connection(from, fromOutput, to, toInput));
        return this;
    }

    /// <summary>Starts declaring a cycle; its <c>Build()</c> returns this builder.</summary>
    /// <param name="cycleId">The cycle id.</param>
    /// <returns>A cycle builder.</returns>
    public CycleBuilder<WorkflowBuilder> CreateCycle(string cycleId)
    {
        EnsureNotBuilt();
        return new CycleBuilder<WorkflowBuilder>(cycleId, AddCycle);
    }

    /// <summary>Adds a declared cycle.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder AddCycle(CycleSpec cycle)
    {
        EnsureNotBuilt();
        ArgumentNullException.ThrowIfNull(cycle);
        _cycles.Add(cycle);
        return this;
    }

    /// <summary>Sets the display name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithName(string name)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        return this;
    }

    /// <summary>Sets the version string.</summary>
    /// <param name="version">The version.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithVersion(string version)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        _version = version;
        return this;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithDescription(string? description)
    {
        EnsureNotBuilt();
        _description = description;
        return this;
    }

    /// <summary>Adds a metadata entry kept with the workflow.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (JSON-serializable).</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithMetadata(string key, object? value)
    {
        EnsureNotBuilt();
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _metadata[key] = ValueConverter.Normalize(value);
        return this;
    }

    /// <summary>
    /// Builds the immutable workflow.
    /// </summary>
    /// <returns>The workflow.</returns>
    /// <exception cref="WorkflowValidationException">The workflow has structural problems; all are listed.</exception>
    public Workflow Build()
    {
        EnsureNotBuilt();
        _built = true;
        var errors = new List<WorkflowError>(_errors);
        var specs = new List<NodeSpec>(_nodes.Count);
        foreach (var pending in _nodes)
        {
            try
            {
                pending.Node.BuildPermissions = _registry.Permissions;
                pending.Node.Configure(pending.Config, _registry);
            }
            catch (NodeConfigurationException ex)
            {
                errors.Add(new WorkflowError(ex.Code, $"Node '{pending.Id}' ({pending.TypeName}): {KailashException.WithoutCode(ex.Message)}", pending.Id, ex.Key));
            }
            catch (Exception ex) when (IsConfigurationCrash(ex))
            {
                // A node that fails on a config value of an unexpected type (a cast, a missing key) is reported at that node.
                errors.Add(new WorkflowError(ErrorCodes.InvalidNodeConfig, $"Node '{pending.Id}' ({pending.TypeName}) could not read its config: {ex.Message}", pending.Id));
            }

            specs.Add(new NodeSpec(pending.Id, pending.TypeName, pending.Config, pending.Node, pending.Extensions ?? EmptyConfig));
        }

        var workflow = new Workflow(new WorkflowInfo(WorkflowId, _name, _version, _description, new Dictionary<string, object?>(_metadata)), specs, [.. _connections], [.. _cycles], _registry);
        // A node that rejected its own config has said what is wrong with that key; a generic check of the same key adds nothing.
        var configured = new HashSet<(string?, string?)>(errors.Select(e => (e.NodeId, e.Port)));
        errors.AddRange(Runtime.Validation.WorkflowValidator.StructuralErrors(workflow).Where(e => e.Port is null || !configured.Contains((e.NodeId, e.Port))));
        return errors.Count == 0 ? workflow : throw new WorkflowValidationException(errors);
    }

    /// <summary>Attaches a non-input setting (for example a resilience policy) to a node that is already added.</summary>
    internal WorkflowBuilder SetNodeExtension(string id, string key, object? value)
    {
        EnsureNotBuilt();
        if (!_nodeIndex.TryGetValue(id, out var index))
        {
            throw new ArgumentException($"No node '{id}' has been added yet.{Suggestions.DidYouMean(id, _ids)} Please add the node first.", nameof(id));
        }

        var pending = _nodes[index];
        var extensions = pending.Extensions is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(pending.Extensions);
        extensions[key] = value;
        _nodes[index] = pending with { Extensions = extensions };
        return this;
    }

    private void AddPending(PendingNode pending)
    {
        _nodeIndex.TryAdd(pending.Id, _nodes.Count);
        _nodes.Add(pending);
    }

    private static IReadOnlyDictionary<string, object?> Freeze(Dictionary<string, object?>? config)
    {
        if (config is null || config.Count == 0)
        {
            return EmptyConfig;
        }

        var copy = new Dictionary<string, object?>(config.Count, StringComparer.Ordinal);
        foreach (var pair in config)
        {
            copy[pair.Key] = ValueConverter.Normalize(pair.Value);
        }

        return copy.AsReadOnly();
    }

    private static bool IsConfigurationCrash(Exception ex)
        => ex is InvalidCastException or NullReferenceException or KeyNotFoundException or FormatException or ArgumentException
            or InvalidOperationException or OverflowException or NotSupportedException or IndexOutOfRangeException;

    private bool TrackId(string id)
    {
        if (_ids.Add(id))
        {
            return true;
        }

        _errors.Add(new WorkflowError(ErrorCodes.DuplicateNodeId, $"Node id '{id}' is used more than once. Please give every node a unique id.", id));
        return false;
    }

    private void EnsureNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException($"{ErrorCodes.BuilderAlreadyBuilt}: This WorkflowBuilder was already built; a builder is single-use. Please create a new WorkflowBuilder.");
        }
    }

    private sealed record PendingNode(string Id, string TypeName, Node Node, IReadOnlyDictionary<string, object?> Config)
    {
        public IReadOnlyDictionary<string, object?>? Extensions { get; init; }
    }
}
