using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>A node as the engine sees it: its spec, its resolved incoming edges and its place in the schedule.</summary>
internal sealed class PlanNode
{
    public PlanNode(int index, NodeSpec spec)
    {
        Index = index;
        Spec = spec;
        Id = spec.Id;
        Node = spec.Node;
        TypeName = spec.TypeName;
        Parameters = spec.Node.GetParameters();
        ParameterByName = new Dictionary<string, NodeParameter>(Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            ParameterByName[parameter.Name] = parameter;
        }

        Binding = new Parameters.NodeBindingPlan(spec, Parameters);
    }

    public int Index { get; }

    public string Id { get; }

    public string TypeName { get; }

    public NodeSpec Spec { get; }

    public Node Node { get; }

    public IReadOnlyList<NodeParameter> Parameters { get; }

    public Dictionary<string, NodeParameter> ParameterByName { get; }

    /// <summary>Gets what parameter binding needs about this node, computed once (config split, typed inputs, secrets).</summary>
    public Parameters.NodeBindingPlan Binding { get; }

    /// <summary>Gets or sets the incoming edges (regular first, then cycle edges).</summary>
    public InputBinding[] Inputs { get; set; } = [];

    /// <summary>Gets or sets the plan indices of nodes fed by this node's regular edges.</summary>
    public int[] Dependents { get; set; } = [];

    /// <summary>Gets or sets the index of the unit (single node or cycle) this node belongs to.</summary>
    public int UnitIndex { get; set; }

    /// <summary>Gets or sets the number of regular incoming edges.</summary>
    public int RegularInputCount { get; set; }

    /// <summary>Gets or sets a value indicating whether two regular edges feed the same input (only then can two live values conflict).</summary>
    public bool HasSharedRegularTargets { get; set; }

    /// <summary>Gets or sets the edges leaving this node (regular and cycle edges), whose route is decided when its result is recorded.</summary>
    public InputBinding[] OutgoingEdges { get; set; } = [];
}
