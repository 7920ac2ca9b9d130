using System.Collections;
using System.Globalization;
using System.Text;
using Kailash.Internal;
using Kailash.Nodes;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Validation;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Builds a node's inputs with one precedence rule, used in every path and by both runtimes:
/// node config &lt; connection value &lt; workflow-level parameter &lt; node-specific parameter; a cycle edge that
/// carries a value (iteration 2 on) beats all of them.
/// </summary>
/// <remarks>
/// Sources are bound from the highest precedence down and a lower one never overwrites a higher one, so each value is
/// converted and checked exactly once, against its real source: connection values by the connection contract
/// (<see cref="ConnectionValidationMode"/>), parameter and config values by conversion to the declared type
/// (<c>KWF032</c>) and choices (<c>KWF034</c>). Everything a node does not use (templates, secrets, typed inputs) is
/// decided once per plan in <see cref="NodeBindingPlan"/>.
/// </remarks>
internal sealed class ParameterBinder
{
    private readonly ILogger _logger;
    private readonly IBindingChecks _contracts;
    private readonly UnknownParameterHandling _unknown;

    public ParameterBinder(RuntimeOptions options, ILogger logger, IBindingChecks contracts)
    {
        _logger = logger;
        _contracts = contracts;
        _unknown = options.UnknownParameters;
    }

    /// <summary>Splits a run's parameters once into workflow-level and node-specific values, and checks their keys.</summary>
    /// <exception cref="KailashException">A key is unknown and <see cref="UnknownParameterHandling.Error"/> applies (<c>KWF030</c>).</exception>
    public RunParameters Split(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters)
    {
        List<string>? problems = null;
        var split = Split(plan, parameters, ref problems);
        if (problems is not null)
        {
            var message = UnknownMessage(problems);
            if (_unknown == UnknownParameterHandling.Error)
            {
                _contracts.RecordFailure(ErrorCodes.UnknownParameter);
                throw new KailashException(ErrorCodes.UnknownParameter, message);
            }

            _contracts.RecordWarning(ErrorCodes.UnknownParameter);
            ParameterLog.UnknownParameters(_logger, $"{ErrorCodes.UnknownParameter}: {message}");
        }

        return split;
    }

    /// <summary>Splits parameters and collects a description of every unknown key instead of throwing.</summary>
    public static RunParameters Split(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, ref List<string>? problems)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return RunParameters.Empty;
        }

        var index = plan.ParameterIndex;
        var workflowLevel = new Dictionary<string, object?>(StringComparer.Ordinal);
        var nodeSpecific = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var pair in parameters)
        {
            var value = ValueConverter.Normalize(pair.Value);
            var isNode = plan.IndexById.TryGetValue(pair.Key, out var nodeIndex);
            if (isNode && AsMap(value) is { } perNode)
            {
                nodeSpecific[pair.Key] = MapNodeSpecific(plan.Nodes[nodeIndex], perNode, ref problems);
                continue;
            }

            workflowLevel[pair.Key] = value;
            if (!index.WorkflowKeys.Contains(pair.Key))
            {
                (problems ??= []).Add(isNode
                    ? $"'{pair.Key}' is the id of node '{pair.Key}', but its value is not a map. Node-specific parameters are written {{\"{pair.Key}\": {{\"input\": value}}}}."
                    : $"'{pair.Key}' matches no node id and no input any node declares.{Suggestions.DidYouMean(pair.Key, Candidates(plan))} Declared inputs: {(index.WorkflowKeys.Count == 0 ? "none" : Suggestions.List(index.WorkflowKeys.Order(StringComparer.Ordinal)))}. Node ids: {Suggestions.List(plan.IndexById.Keys)}.");
            }
        }

        return new RunParameters(workflowLevel, nodeSpecific);
    }

    /// <summary>Binds a node's inputs for one invocation.</summary>
    public NodeInputs Bind(RunContext run, PlanNode node)
    {
        var plan = node.Binding;
        var capacity = node.Spec.Config.Count + node.Inputs.Length + plan.Defaults.Length;
        var values = (node.Node.ReusesStepObjects ? run.TakeSpareInputs() : null)?.Reuse(node.Id, capacity) ?? new NodeInputs(node.Id, capacity);
        if (plan.HasInputChecks)
        {
            _contracts.CountNodeInputCheck();
        }

        try
        {
            if (node.Inputs.Length > node.RegularInputCount)
            {
                BindCycleEdges(run, node, values);
            }

            var parameters = run.Parameters;
            if (!parameters.IsEmpty)
            {
                BindParameters(parameters, node, values);
            }

            if (node.RegularInputCount > 0)
            {
                BindConnections(run, node, values);
            }

            var config = plan.StaticConfig;
            for (var i = 0; i < config.Length; i++)
            {
                values.TryAdd(config[i].Key, config[i].Value);
            }

            if (plan.DynamicConfig is { } dynamic)
            {
                BindDynamicConfig(parameters, node, dynamic, values);
            }

            if (plan.Secrets.Length > 0)
            {
                BindDeclaredSecrets(parameters, node, values);
            }

            var defaults = plan.Defaults;
            for (var i = 0; i < defaults.Length; i++)
            {
                values.TryAdd(defaults[i].Name, defaults[i].Default);
            }
        }
        catch (KailashException ex)
        {
            _contracts.RecordFailure(ex.Code);
            throw;
        }

        return values;
    }

    /// <summary>The plan slot holding each node's logger, by plan index.</summary>
    public static readonly PlanSlotKey<ILogger[]> LoggerSlot = new("parameters.loggers");

    /// <summary>Resolves every node's logger of a new plan (once, before its first run).</summary>
    public static void Prepare(ExecutionPlan plan, Func<PlanNode, ILogger> loggerFor)
        => plan.Slots.Set(LoggerSlot, [.. plan.Nodes.Select(loggerFor)]);

    /// <summary>The node's logger: masks secret values when the run resolved any.</summary>
    public static ILogger NodeLogger(RunContext run, PlanNode node)
    {
        // Plans belong to one runtime, so the node's logger is resolved once per plan node, not once per invocation.
        var logger = run.Plan.Slots.Get(LoggerSlot)?[node.Index] ?? run.Services.LoggerFor(node);
        return run.Parameters.Secrets is { HasValues: true } secrets ? new RedactingLogger(logger, secrets) : logger;
    }

    /// <summary>Masks secret values in a result before it is recorded (results, events and errors never show them).</summary>
    public static NodeResult Redact(RunContext run, PlanNode node, NodeResult result)
        => run.Parameters.Secrets is { HasValues: true } secrets ? secrets.Redact(node.Index, result) : result;

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
        var outputs = run.Parameters.Secrets?.RawOutputs(binding.SourceIndex) ?? source.Outputs;
        if (!outputs.TryGetValue(binding.SourcePort, out value))
        {
            if (!sourceNode.HasDynamicOutputs && sourceNode.GetOutputs().Contains(binding.SourcePort))
            {
                return false;
            }

            throw new KailashException(
                ErrorCodes.UnknownOutputPort,
                $"Connection '{binding.Connection}': node '{binding.Connection.SourceNode}' produced no output '{binding.SourcePort}'. It produced: {(outputs.Count == 0 ? "nothing" : Suggestions.List(outputs.Keys))}.",
                targetNodeId,
                binding.TargetInput);
        }

        if (!sourceNode.IsOutputActive(outputs, binding.SourcePort))
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

    /// <summary>Converts and checks a parameter or config value against the input's declaration.</summary>
    public static object? Coerce(string nodeId, ParameterCheck check, object? value, ValueSource source)
    {
        if (!check.TryConvert(value, out var converted, out var problem))
        {
            throw ParameterErrors.CoercionFailed(nodeId, check, value, problem, source.ToString());
        }

        return check.IsAllowed(converted) ? converted : throw ParameterErrors.InvalidChoice(nodeId, check, converted, source.ToString());
    }

    /// <summary>Finds the workflow-level value for a declared input: its own name, then its alias, then its auto-map names.</summary>
    public static bool TryWorkflowLevel(IReadOnlyDictionary<string, object?> workflowLevel, NodeParameter parameter, out object? value, out string key)
    {
        key = parameter.Name;
        if (workflowLevel.TryGetValue(key, out value))
        {
            return true;
        }

        if (parameter.WorkflowAlias is { Length: > 0 } alias && workflowLevel.TryGetValue(alias, out value))
        {
            key = alias;
            return true;
        }

        foreach (var name in parameter.AutoMapFrom)
        {
            if (workflowLevel.TryGetValue(name, out value))
            {
                key = name;
                return true;
            }
        }

        value = null;
        return false;
    }

    private static IReadOnlyDictionary<string, object?>? AsMap(object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                return map;
            case IDictionary dictionary:
                var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    copy[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ValueConverter.Normalize(entry.Value);
                }

                return copy;
            default:
                return null;
        }
    }

    /// <summary>Maps a node-specific map onto the node's inputs: declared names, then aliases; undeclared keys only for nodes that accept them.</summary>
    private static Dictionary<string, object?> MapNodeSpecific(PlanNode node, IReadOnlyDictionary<string, object?> values, ref List<string>? problems)
    {
        var mapped = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        var binding = node.Binding;
        foreach (var pair in values)
        {
            if (node.ParameterByName.ContainsKey(pair.Key))
            {
                mapped[pair.Key] = pair.Value;
            }
            else if (binding.Aliases is not null && binding.Aliases.TryGetValue(pair.Key, out var parameter))
            {
                if (!values.ContainsKey(parameter.Name))
                {
                    mapped[parameter.Name] = pair.Value;
                }
            }
            else
            {
                mapped[pair.Key] = pair.Value;
                if (!binding.AcceptsUndeclaredInputs && !UsedAsTemplateRoot(binding, pair.Key))
                {
                    var declared = node.ParameterByName.Keys;
                    (problems ??= []).Add($"'{node.Id}.{pair.Key}': node '{node.Id}' ({node.TypeName}) declares no input '{pair.Key}'.{Suggestions.DidYouMean(pair.Key, declared)} Its inputs: {Suggestions.List(declared)}.");
                }
            }
        }

        return mapped;
    }

    private static bool UsedAsTemplateRoot(NodeBindingPlan binding, string key)
    {
        foreach (var template in binding.TemplateNames)
        {
            if (ConfigValues.Root(template) == key)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Candidates(ExecutionPlan plan)
    {
        foreach (var key in plan.ParameterIndex.WorkflowKeys)
        {
            yield return key;
        }

        foreach (var id in plan.IndexById.Keys)
        {
            yield return id;
        }
    }

    private static string UnknownMessage(List<string> problems)
    {
        if (problems.Count == 1)
        {
            return $"Unknown parameter {problems[0]} Please fix the name, or pass node-specific values as {{\"nodeId\": {{\"input\": value}}}}.";
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{problems.Count} parameters are unknown:");
        foreach (var problem in problems)
        {
            text.Append(Environment.NewLine).Append("  - ").Append(problem);
        }

        return text.Append(Environment.NewLine).Append("Please fix the names, or pass node-specific values as {\"nodeId\": {\"input\": value}}.").ToString();
    }

    private void BindConnections(RunContext run, PlanNode node, NodeInputs values)
    {
        HashSet<string>? bound = node.HasSharedRegularTargets ? new HashSet<string>(StringComparer.Ordinal) : null;
        var plan = node.Binding;
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

            if (values.ContainsKey(binding.TargetInput))
            {
                continue;
            }

            if (plan.TryGetCheck(binding.TargetInput, out var check))
            {
                value = _contracts.CheckConnection(run, node, binding, check, value);
            }

            values.Add(binding.TargetInput, value);
        }
    }

    private void BindCycleEdges(RunContext run, PlanNode node, NodeInputs values)
    {
        var plan = node.Binding;
        for (var i = node.RegularInputCount; i < node.Inputs.Length; i++)
        {
            var binding = node.Inputs[i];
            if (!TryRead(run, binding, node.Id, out var value) || values.ContainsKey(binding.TargetInput))
            {
                continue;
            }

            if (plan.TryGetCheck(binding.TargetInput, out var check))
            {
                value = _contracts.CheckConnection(run, node, binding, check, value);
            }

            values.Add(binding.TargetInput, value);
        }
    }

    private static void BindParameters(RunParameters parameters, PlanNode node, NodeInputs values)
    {
        var plan = node.Binding;
        if (parameters.NodeSpecific.TryGetValue(node.Id, out var own))
        {
            foreach (var pair in own)
            {
                if (values.ContainsKey(pair.Key))
                {
                    continue;
                }

                var value = plan.TryGetCheck(pair.Key, out var check) ? Coerce(node.Id, check, pair.Value, new ValueSource("the node-specific parameter", node.Id, pair.Key)) : pair.Value;
                values.Add(pair.Key, value);
            }
        }

        if (parameters.WorkflowLevel.Count == 0)
        {
            return;
        }

        foreach (var parameter in node.Parameters)
        {
            if (values.ContainsKey(parameter.Name) || !TryWorkflowLevel(parameters.WorkflowLevel, parameter, out var value, out var key))
            {
                continue;
            }

            if (plan.TryGetCheck(parameter.Name, out var check))
            {
                value = Coerce(node.Id, check, value, new ValueSource("the workflow-level parameter", key));
            }

            values.Add(parameter.Name, value);
        }
    }

    private static void BindDynamicConfig(RunParameters parameters, PlanNode node, KeyValuePair<string, object?>[] dynamic, NodeInputs values)
    {
        var plan = node.Binding;
        foreach (var pair in dynamic)
        {
            if (values.ContainsKey(pair.Key))
            {
                continue;
            }

            var value = ConfigValues.Resolve(pair.Value, parameters, node.Id, pair.Key);
            if (plan.TryGetCheck(pair.Key, out var check))
            {
                value = Coerce(node.Id, check, value, new ValueSource("config", pair.Key));
            }

            values.Add(pair.Key, value);
        }
    }

    private static void BindDeclaredSecrets(RunParameters parameters, PlanNode node, NodeInputs values)
    {
        var plan = node.Binding;
        foreach (var requirement in plan.Secrets)
        {
            if (values.ContainsKey(requirement.ParameterName))
            {
                continue;
            }

            if (parameters.Secrets is not null && parameters.Secrets.TryGet(requirement.SecretName, out var secret))
            {
                object? value = secret;
                if (plan.TryGetCheck(requirement.ParameterName, out var check))
                {
                    value = Coerce(node.Id, check, value, new ValueSource("the secret", requirement.SecretName));
                }

                values.Add(requirement.ParameterName, value);
            }
            else if (!requirement.Optional)
            {
                throw RunSecrets.Missing(parameters.Secrets, requirement.SecretName, node.Id, requirement.ParameterName, $"input '{requirement.ParameterName}'");
            }
        }
    }
}
