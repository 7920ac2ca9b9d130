using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Everything the engine needs to run a workflow, computed once per workflow and cached: nodes in topological order,
/// incoming edges resolved to indices, strongly connected components for cycles, and the unit schedule.
/// </summary>
internal sealed class ExecutionPlan
{
    public ExecutionPlan(Workflow workflow, PlanNode[] nodes, PlanUnit[] units, CyclePlan[] cycles, Dictionary<string, int> indexById)
    {
        Workflow = workflow;
        Nodes = nodes;
        Units = units;
        Cycles = cycles;
        IndexById = indexById;
        var roots = new List<int>();
        foreach (var unit in units)
        {
            if (unit.DependencyCount == 0)
            {
                roots.Add(unit.Index);
            }
        }

        RootUnits = [.. roots];
        foreach (var node in nodes)
        {
            HasSwitches |= node.Node is Nodes.Logic.IRoutingNode;
        }

        ParameterIndex = new Parameters.PlanParameterIndex(nodes);
    }

    public Workflow Workflow { get; }

    /// <summary>Gets the nodes in plan order: units in topological order, cycle members in iteration order.</summary>
    public PlanNode[] Nodes { get; }

    public PlanUnit[] Units { get; }

    public int[] RootUnits { get; }

    public CyclePlan[] Cycles { get; }

    public Dictionary<string, int> IndexById { get; }

    /// <summary>Gets what the parameters concern knows about the whole plan (parameter names, secrets), computed once.</summary>
    public Parameters.PlanParameterIndex ParameterIndex { get; }

    /// <summary>Gets a value indicating whether any node routes data conditionally.</summary>
    public bool HasSwitches { get; }

    /// <summary>Gets the number of edges (regular and cycle); <see cref="InputBinding.EdgeIndex"/> runs from 0 to this.</summary>
    public int EdgeCount { get; init; }

    /// <summary>Gets what the concerns computed once for this plan, frozen before its first run.</summary>
    public PlanSlots Slots { get; } = new();
}
