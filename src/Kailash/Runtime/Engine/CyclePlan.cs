using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>A strongly connected component closed by declared cycle edges: its members in iteration order and its specs.</summary>
internal sealed class CyclePlan
{
    public CyclePlan(int index, string cycleId, IReadOnlyList<CycleSpec> specs, int[] members)
    {
        Index = index;
        CycleId = cycleId;
        Specs = specs;
        Members = members;
    }

    /// <summary>Gets the id reported for the component (the first declared cycle's id).</summary>
    public string CycleId { get; }

    /// <summary>Gets the declared cycles whose edges close this component.</summary>
    public IReadOnlyList<CycleSpec> Specs { get; }

    /// <summary>Gets the member plan indices, in the order they run within one iteration.</summary>
    public int[] Members { get; }

    /// <summary>Gets the cycle's index in <see cref="ExecutionPlan.Cycles"/> (per-cycle plan slots are arrays in this order).</summary>
    public int Index { get; }
}
