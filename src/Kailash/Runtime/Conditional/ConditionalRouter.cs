using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// Decides, per node, whether it runs. A node is skipped when any regular input comes from a failed (or
/// failure-skipped) node, or when none of its regular inputs carries a value: every one comes from an inactive
/// switch port or a skipped node. Skipping is therefore transitive.
/// </summary>
internal sealed class ConditionalRouter
{
    public SkipReason DecideSkip(RunContext run, PlanNode node)
    {
        var count = node.RegularInputCount;
        if (count == 0)
        {
            return SkipReason.None;
        }

        var anyLive = false;
        var inputs = node.Inputs;
        for (var i = 0; i < count; i++)
        {
            var binding = inputs[i];
            var source = run.Results[binding.SourceIndex];
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
                    anyLive |= run.Plan.Nodes[binding.SourceIndex].Node.IsOutputActive(source.Outputs, binding.SourcePort);
                    break;
            }
        }

        return anyLive ? SkipReason.None : SkipReason.ConditionalRouting;
    }
}
