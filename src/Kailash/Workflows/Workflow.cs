using System.Collections.Frozen;
using Kailash.Nodes;

namespace Kailash.Workflows;

/// <summary>
/// An immutable workflow graph: nodes joined port-to-port, plus declared cycles. Built by <see cref="WorkflowBuilder"/>
/// or loaded from a file; safe to run many times, concurrently, on any runtime.
/// </summary>
public sealed class Workflow
{
    private readonly FrozenDictionary<string, NodeSpec> _byId;

    internal Workflow(WorkflowInfo info, IReadOnlyList<NodeSpec> nodes, IReadOnlyList<Connection> connections, IReadOnlyList<CycleSpec> cycles, NodeRegistry registry)
    {
        Id = info.Id;
        Name = info.Name;
        Version = info.Version;
        Description = info.Description;
        Metadata = info.Metadata;
        Nodes = nodes;
        Connections = connections;
        Cycles = cycles;
        Registry = registry;
        _byId = nodes.ToFrozenDictionary(n => n.Id, StringComparer.Ordinal);
    }

    /// <summary>Gets the workflow id.</summary>
    public string Id { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the version string.</summary>
    public string Version { get; }

    /// <summary>Gets the description, when set.</summary>
    public string? Description { get; }

    /// <summary>Gets free-form metadata kept with the workflow (and in its files).</summary>
    public IReadOnlyDictionary<string, object?> Metadata { get; }

    /// <summary>Gets the nodes, in the order they were added.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>Gets the regular (acyclic) connections, in the order they were added.</summary>
    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>Gets the declared cycles.</summary>
    public IReadOnlyList<CycleSpec> Cycles { get; }

    /// <summary>Gets the registry the workflow's node types were resolved from.</summary>
    public NodeRegistry Registry { get; }

    /// <summary>Gets or sets the keys of the file this workflow was loaded from that the model has no place for (set once by the reader), or <see langword="null"/>.</summary>
    internal Serialization.FileExtras? FileExtras { get; set; }

    /// <summary>Gets a node by id.</summary>
    /// <param name="nodeId">The node id.</param>
    /// <returns>The node.</returns>
    /// <exception cref="KeyNotFoundException">No node has that id.</exception>
    public NodeSpec GetNode(string nodeId)
        => _byId.TryGetValue(nodeId, out var node)
            ? node
            : throw new KeyNotFoundException($"Workflow '{Id}' has no node '{nodeId}'.{Internal.Suggestions.DidYouMean(nodeId, _byId.Keys)}");

    /// <summary>Tries to get a node by id.</summary>
    /// <param name="nodeId">The node id.</param>
    /// <param name="node">The node, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetNode(string nodeId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeSpec? node) => _byId.TryGetValue(nodeId, out node);

    /// <summary>Starts declaring a cycle on this built workflow; <c>Build()</c> on the result returns a new workflow that includes it.</summary>
    /// <param name="cycleId">The cycle id.</param>
    /// <returns>A cycle builder.</returns>
    public CycleBuilder<Workflow> CreateCycle(string cycleId)
        => new(cycleId, spec => new Workflow(
            new WorkflowInfo(Id, Name, Version, Description, Metadata),
            Nodes,
            Connections,
            [.. Cycles, spec],
            Registry)
        { FileExtras = FileExtras }.Validated());

    internal Workflow Validated()
    {
        var errors = Runtime.Validation.WorkflowValidator.StructuralErrors(this);
        return errors.Count == 0 ? this : throw new WorkflowValidationException(errors);
    }
}
