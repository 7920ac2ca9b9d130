using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// The pruned plan of one <see cref="ConditionalExecutionMode.SkipBranches"/> run: for every node, how many of its
/// regular inputs may still carry a value. When a switch completes, each edge leaving an inactive port is cut; a
/// node whose edges are all cut is pruned, and its own edges are cut in turn. Pruned nodes are never invoked.
/// Cycle members are left to the per-node decision, because a switch inside a loop may take another branch next time.
/// </summary>
/// <remarks>Thread-safe: switches may complete concurrently under the async runtime.</remarks>
internal sealed class BranchPruning
{
    private readonly int[] _liveInputs;
    private readonly int[] _pruned;

    private BranchPruning(ExecutionPlan plan)
    {
        var nodes = plan.Nodes;
        _liveInputs = new int[nodes.Length];
        _pruned = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            _liveInputs[i] = nodes[i].RegularInputCount;
        }
    }

    /// <summary>Gets the run's pruning state, creating it on first use.</summary>
    public static BranchPruning For(RunContext run)
    {
        var pruning = Volatile.Read(ref run.Pruning);
        if (pruning is not null)
        {
            return pruning;
        }

        var created = new BranchPruning(run.Plan);
        return Interlocked.CompareExchange(ref run.Pruning, created, null) ?? created;
    }

    public bool IsPruned(int index) => Volatile.Read(ref _pruned[index]) != 0;

    /// <summary>Cuts the edges leaving the inactive ports of a completed routing node, and everything they alone fed.</summary>
    public void Prune(ExecutionPlan plan, PlanNode routed, IReadOnlyDictionary<string, object?> outputs)
    {
        if (plan.Units[routed.UnitIndex].Cycle is not null)
        {
            return;
        }

        Stack<int>? pruned = null;
        Cut(plan, routed, outputs, ref pruned);
        while (pruned is { Count: > 0 })
        {
            Cut(plan, plan.Nodes[pruned.Pop()], null, ref pruned);
        }
    }

    /// <summary>Cuts the edges from <paramref name="source"/>: those leaving inactive ports, or all of them when <paramref name="outputs"/> is <see langword="null"/> (a pruned node).</summary>
    private void Cut(ExecutionPlan plan, PlanNode source, IReadOnlyDictionary<string, object?>? outputs, ref Stack<int>? pruned)
    {
        foreach (var index in source.Dependents)
        {
            var dependent = plan.Nodes[index];
            if (plan.Units[dependent.UnitIndex].Cycle is not null)
            {
                continue;
            }

            for (var i = 0; i < dependent.RegularInputCount; i++)
            {
                var binding = dependent.Inputs[i];
                if (binding.SourceIndex != source.Index || (outputs is not null && source.Node.IsOutputActive(outputs, binding.SourcePort)))
                {
                    continue;
                }

                if (Interlocked.Decrement(ref _liveInputs[index]) == 0)
                {
                    Volatile.Write(ref _pruned[index], 1);
                    (pruned ??= new Stack<int>()).Push(index);
                }
            }
        }
    }
}
