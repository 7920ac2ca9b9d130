using Kailash.Expressions;
using Kailash.Nodes.Logic;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Conditional;

/// <summary>Explains a finished run's conditional path from its plan and results (off the hot path).</summary>
internal static class ExecutionPathAnalyzer
{
    public static ExecutionPathInfo Explain(ExecutionPlan plan, WorkflowRunResult result, ConditionalExecutionMode mode)
    {
        var branches = new List<BranchDecision>();
        var executed = new List<string>();
        var skipped = new List<SkippedNodeInfo>();
        foreach (var node in plan.Nodes)
        {
            if (!result.Results.TryGetValue(node.Id, out var nodeResult))
            {
                continue;
            }

            if (node.Node.IsRouting)
            {
                branches.Add(Decision(node, nodeResult));
            }

            switch (nodeResult.Status)
            {
                case NodeStatus.Completed or NodeStatus.Failed:
                    executed.Add(node.Id);
                    break;
                case NodeStatus.Skipped:
                    skipped.Add(new SkippedNodeInfo(node.Id, nodeResult.SkipReason, Causes(plan, node, nodeResult, result)));
                    break;
            }
        }

        return new ExecutionPathInfo(result.RunId, result.WorkflowId, mode, branches, executed, skipped);
    }

    private static BranchDecision Decision(PlanNode node, NodeResult result)
    {
        var taken = new List<string>();
        var notTaken = new List<string>();
        foreach (var port in node.Node.GetOutputs())
        {
            if (port == SwitchNode.ConditionResultOutput)
            {
                continue;
            }

            (result.Status == NodeStatus.Completed && node.Node.IsOutputActive(result.Outputs, port) ? taken : notTaken).Add(port);
        }

        result.Outputs.TryGetValue(SwitchNode.ConditionResultOutput, out var condition);
        return new BranchDecision(node.Id, result.Status, condition, taken, notTaken);
    }

    private static List<string> Causes(ExecutionPlan plan, PlanNode node, NodeResult skipped, WorkflowRunResult result)
    {
        var causes = new List<string>();
        if (skipped.SkipReason == SkipReason.RunStopped)
        {
            foreach (var pair in result.Results)
            {
                if (pair.Value.Status == NodeStatus.Failed)
                {
                    causes.Add($"the run stopped when '{pair.Key}' failed (ErrorPolicy.Stop)");
                    return causes;
                }
            }

            causes.Add("the run stopped before this node could start");
            return causes;
        }

        for (var i = 0; i < node.RegularInputCount; i++)
        {
            var binding = node.Inputs[i];
            var source = plan.Nodes[binding.SourceIndex];
            var edge = $"'{source.Id}.{binding.SourcePort}' → '{binding.TargetInput}'";
            if (!result.Results.TryGetValue(source.Id, out var sourceResult))
            {
                continue;
            }

            var cause = sourceResult.Status switch
            {
                NodeStatus.Failed => $"{edge}: '{source.Id}' failed",
                NodeStatus.Cancelled => $"{edge}: '{source.Id}' was cancelled",
                NodeStatus.Skipped => $"{edge}: '{source.Id}' was skipped ({sourceResult.SkipReason})",
                _ when !source.Node.IsOutputActive(sourceResult.Outputs, binding.SourcePort) => $"{edge}: branch not taken{Condition(sourceResult)}",
                _ => null,
            };
            if (cause is not null)
            {
                causes.Add(cause);
            }
        }

        if (causes.Count == 0)
        {
            causes.Add(node.Spec.Node.IsRouting ? "its input was not live" : "no regular input carried a value");
        }

        return causes;
    }

    private static string Condition(NodeResult result)
        => result.Outputs.TryGetValue(SwitchNode.ConditionResultOutput, out var condition)
            ? $" (condition_result = {ExpressionValues.Format(ExpressionValues.Normalize(condition))})"
            : string.Empty;
}
