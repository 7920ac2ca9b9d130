using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// Decides, per node, whether it runs. A node is skipped when any regular input comes from a failed (or
/// failure-skipped) node, or when none of its regular inputs carries a value: every one comes from an inactive
/// switch port or a skipped node. Skipping is therefore transitive. Cycle (back) edges never count: a loop is
/// entered through its regular edges. Whether an edge carries a value is the engine's one liveness decision
/// (<see cref="Liveness"/>), made when its source's result was recorded.
/// </summary>
/// <remarks>
/// The decision is the same in both modes. <see cref="ConditionalExecutionMode.SkipBranches"/> only settles it
/// earlier: when a switch outside a cycle completes, the nodes its inactive ports cut off are marked pruned at once
/// (transitively, <see cref="SkipMarks"/>), and the pipeline reads the mark instead of inspecting their inputs.
/// </remarks>
internal sealed class ConditionalRouter
{
    private readonly bool _pruneBranches;

    public ConditionalRouter(ConditionalExecutionMode mode)
    {
        Mode = mode;
        _pruneBranches = mode == ConditionalExecutionMode.SkipBranches;
    }

    public ConditionalExecutionMode Mode { get; }

    public SkipReason DecideSkip(RunContext run, PlanNode node)
    {
        var count = node.RegularInputCount;
        if (count == 0)
        {
            return SkipReason.None;
        }

        var state = run.State;
        if (state.SkipMarks is { } marks && marks.IsPruned(node.Index))
        {
            return SkipReason.ConditionalRouting;
        }

        var anyLive = false;
        var inputs = node.Inputs;
        for (var i = 0; i < count; i++)
        {
            var binding = inputs[i];
            var source = state.Results[binding.SourceIndex];
            if (source is null)
            {
                continue;
            }

            switch (source.Status)
            {
                case NodeStatus.Failed:
                    return SkipReason.UpstreamFailed;
                case NodeStatus.Skipped when source.SkipReason == SkipReason.UpstreamFailed:
                    return SkipReason.UpstreamFailed;
                case NodeStatus.Completed:
                    anyLive |= Liveness.IsLive(state, binding);
                    break;
            }
        }

        return anyLive ? SkipReason.None : SkipReason.ConditionalRouting;
    }

    /// <summary>Output routing: in <see cref="ConditionalExecutionMode.SkipBranches"/>, prunes what a completed switch cut off (its edges are already decided).</summary>
    public void OnCompleted(RunContext run, PlanNode node) => OnCompleted(run.Plan, run.State, node);

    /// <summary>Prunes the branches a completed routing node did not take (also when a resumed run replays a stored result).</summary>
    public void OnCompleted(ExecutionPlan plan, RunState state, PlanNode node)
    {
        if (!_pruneBranches || !node.Node.IsRouting)
        {
            return;
        }

        BranchPruning.Prune(plan, state, node);
    }
}
