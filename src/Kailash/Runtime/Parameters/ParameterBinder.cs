using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Builds a node's inputs with one precedence rule, used in every path and by both runtimes:
/// node config &lt; connection value &lt; workflow-level parameter &lt; node-specific parameter; a cycle edge that
/// carries a value (iteration 2 on) beats all of them.
/// </summary>
internal sealed class ParameterBinder
{
    public RunParameters Split(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return RunParameters.Empty;
        }

        var workflowLevel = new Dictionary<string, object?>(StringComparer.Ordinal);
        var nodeSpecific = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var pair in parameters)
        {
            var value = Internal.ValueConverter.Normalize(pair.Value);
            if (plan.IndexById.ContainsKey(pair.Key) && value is IReadOnlyDictionary<string, object?> perNode)
            {
                nodeSpecific[pair.Key] = perNode;
            }
            else
            {
                workflowLevel[pair.Key] = value;
            }
        }

        return new RunParameters(workflowLevel, nodeSpecific);
    }

    public NodeInputs Bind(RunContext run, PlanNode node)
    {
        var config = node.Spec.Config;
        var values = new Dictionary<string, object?>(config.Count + node.Inputs.Length + 1, StringComparer.Ordinal);
        foreach (var pair in config)
        {
            values[pair.Key] = pair.Value;
        }

        BindConnections(run, node, values);
        if (!run.Parameters.IsEmpty)
        {
            BindParameters(run.Parameters, node, values);
        }

        BindCycleEdges(run, node, values);
        foreach (var parameter in node.Parameters)
        {
            if (parameter.HasDefault && !values.ContainsKey(parameter.Name))
            {
                values[parameter.Name] = parameter.Default;
            }
        }

        return new NodeInputs(node.Id, values);
    }

    /// <summary>Reads the value an edge carries, or reports that it carries none (source not completed or port inactive).</summary>
    public static bool TryRead(RunContext run, InputBinding binding, string targetNodeId, out object? value)
    {
        value = null;
        var source = run.Results[binding.SourceIndex];
        if (source is null || source.Status != NodeStatus.Completed)
        {
            return false;
        }

        var sourceNode = run.Plan.Nodes[binding.SourceIndex].Node;
        if (!source.Outputs.TryGetValue(binding.SourcePort, out value))
        {
            if (!sourceNode.HasDynamicOutputs && sourceNode.GetOutputs().Contains(binding.SourcePort))
            {
                return false;
            }

            throw new KailashException(
                ErrorCodes.UnknownOutputPort,
                $"Connection '{binding.Connection}': node '{binding.Connection.SourceNode}' produced no output '{binding.SourcePort}'. It produced: {(source.Outputs.Count == 0 ? "nothing" : Internal.Suggestions.List(source.Outputs.Keys))}.",
                targetNodeId,
                binding.TargetInput);
        }

        if (!sourceNode.IsOutputActive(source.Outputs, binding.SourcePort))
        {
            value = null;
            return false;
        }

        if (binding.Path is not null)
        {
            value = DottedPath.Resolve(value, binding, targetNodeId);
        }

        return true;
    }

    private static void BindConnections(RunContext run, PlanNode node, Dictionary<string, object?> values)
    {
        if (node.RegularInputCount == 0)
        {
            return;
        }

        HashSet<string>? bound = node.RegularInputCount > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < node.RegularInputCount; i++)
        {
            var binding = node.Inputs[i];
            if (!TryRead(run, binding, node.Id, out var value))
            {
                continue;
            }

            if (bound is not null && !bound.Add(binding.TargetInput))
            {
                throw new KailashException(
                    ErrorCodes.ConflictingInputs,
                    $"Node '{node.Id}' received two live values for input '{binding.TargetInput}' (the second from '{binding.Connection}'). Please connect at most one live source to an input, or route the others through a switch or a MergeNode.",
                    node.Id,
                    binding.TargetInput);
            }

            values[binding.TargetInput] = value;
        }
    }

    private static void BindParameters(RunParameters parameters, PlanNode node, Dictionary<string, object?> values)
    {
        if (parameters.WorkflowLevel.Count > 0)
        {
            foreach (var parameter in node.Parameters)
            {
                if (parameters.WorkflowLevel.TryGetValue(parameter.Name, out var value) || TryAlias(parameters.WorkflowLevel, parameter, out value))
                {
                    values[parameter.Name] = value;
                }
            }
        }

        if (parameters.NodeSpecific.TryGetValue(node.Id, out var own))
        {
            foreach (var pair in own)
            {
                values[pair.Key] = pair.Value;
            }
        }
    }

    private static bool TryAlias(IReadOnlyDictionary<string, object?> workflowLevel, NodeParameter parameter, out object? value)
    {
        if (parameter.WorkflowAlias is { } alias && workflowLevel.TryGetValue(alias, out value))
        {
            return true;
        }

        foreach (var name in parameter.AutoMapFrom)
        {
            if (workflowLevel.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    private static void BindCycleEdges(RunContext run, PlanNode node, Dictionary<string, object?> values)
    {
        for (var i = node.RegularInputCount; i < node.Inputs.Length; i++)
        {
            var binding = node.Inputs[i];
            if (TryRead(run, binding, node.Id, out var value))
            {
                values[binding.TargetInput] = value;
            }
        }
    }
}
