using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// The pruning of one <see cref="ConditionalExecutionMode.SkipBranches"/> run, kept in the run's
/// <see cref="SkipMarks"/>: when a switch completes, each edge it does not feed (<see cref="RunState.EdgeLive"/>) is
/// cut; a node whose regular edges are all cut is pruned, and its own edges are cut in turn. Pruned nodes are never
/// invoked. Cycle members are left to the per-node decision, because a switch inside a loop may take another branch
/// next time.
/// </summary>
internal static class BranchPruning
{
    /// <summary>Cuts the edges leaving the inactive ports of a completed routing node, and everything they alone fed.</summary>
    public static void Prune(ExecutionPlan plan, RunState state, PlanNode routed)
    {
        if (plan.Units[routed.UnitIndex].Cycle is not null)
        {
            return;
        }

        var marks = state.GetOrCreateSkipMarks(plan);
        Stack<int>? pruned = null;
        Cut(plan, state, marks, routed, routedNow: true, ref pruned);
        while (pruned is { Count: > 0 })
        {
            Cut(plan, state, marks, plan.Nodes[pruned.Pop()], routedNow: false, ref pruned);
        }
    }

    /// <summary>Cuts the edges from <paramref name="source"/>: those that carry no value, or all of them for a pruned node.</summary>
    private static void Cut(ExecutionPlan plan, RunState state, SkipMarks marks, PlanNode source, bool routedNow, ref Stack<int>? pruned)
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
                if (binding.SourceIndex != source.Index || (routedNow && (state.EdgeLive[binding.EdgeIndex] || state.EdgeError(binding.EdgeIndex) is not null)))
                {
                    continue;
                }

                if (marks.Cut(index))
                {
                    (pruned ??= new Stack<int>()).Push(index);
                }
            }
        }
    }
}
