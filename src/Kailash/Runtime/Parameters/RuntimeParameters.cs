using Kailash.Internal;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// The parameter-handling concern of a runtime (<c>runtime.Parameters</c>): shows how parameters reach nodes, with the
/// same rules a run uses.
/// </summary>
public sealed class RuntimeParameters
{
    private readonly ExecutionEngine _engine;

    internal RuntimeParameters(ExecutionEngine engine) => _engine = engine;

    /// <summary>
    /// Maps run parameters onto nodes without running anything: for each node, the inputs the parameters set (both
    /// formats, aliases, node-specific over workflow-level, converted to the declared types). Config values, connections
    /// and secrets are not included.
    /// </summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The parameters: <c>{param: value}</c> and/or <c>{nodeId: {param: value}}</c>.</param>
    /// <returns>Node id to input values, for the nodes that receive at least one parameter.</returns>
    /// <exception cref="KailashException">A key is unknown (<c>KWF030</c>, unless <see cref="RuntimeOptions.UnknownParameters"/> is Warn), or a value does not convert (<c>KWF032</c>) or is not an allowed choice (<c>KWF034</c>).</exception>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> MapParameters(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var plan = _engine.GetPlan(workflow);
        var split = _engine.Services.Parameters.Split(plan, parameters);
        var mapped = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (split.NodeSpecific.TryGetValue(node.Id, out var own))
            {
                foreach (var pair in own)
                {
                    values[pair.Key] = node.Binding.TryGetCheck(pair.Key, out var check)
                        ? ParameterBinder.Coerce(node.Id, check, pair.Value, new ValueSource("the node-specific parameter", node.Id, pair.Key))
                        : pair.Value;
                }
            }

            foreach (var parameter in node.Parameters)
            {
                if (!values.ContainsKey(parameter.Name) && ParameterBinder.TryWorkflowLevel(split.WorkflowLevel, parameter, out var value, out var key))
                {
                    values[parameter.Name] = node.Binding.TryGetCheck(parameter.Name, out var check)
                        ? ParameterBinder.Coerce(node.Id, check, value, new ValueSource("the workflow-level parameter", key))
                        : value;
                }
            }

            if (values.Count > 0)
            {
                mapped[node.Id] = values;
            }
        }

        return mapped;
    }
}
