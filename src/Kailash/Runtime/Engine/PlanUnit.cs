namespace Kailash.Runtime.Engine;

/// <summary>What the schedulers schedule: a single node, or a whole cycle that runs as one step.</summary>
internal sealed class PlanUnit
{
    public PlanUnit(int index, int nodeIndex, CyclePlan? cycle)
    {
        Index = index;
        NodeIndex = nodeIndex;
        Cycle = cycle;
    }

    public int Index { get; }

    /// <summary>Gets the node's plan index, or -1 for a cycle unit.</summary>
    public int NodeIndex { get; }

    public CyclePlan? Cycle { get; }

    public int[] Dependents { get; set; } = [];

    public int DependencyCount { get; set; }
}
