using System.Collections.Immutable;
using System.Text.Json;
using Kailash.Expressions;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Nodes.Logic;

/// <summary>
/// Runs another workflow as one node (Kailash's <c>WorkflowNode</c>). The sub-workflow comes from exactly one of
/// <c>workflow_path</c> (a JSON/YAML file, checked against the allowed file roots), <c>workflow_name</c> (registered with
/// <see cref="NodeRegistry.RegisterWorkflow"/>) or <c>workflow_dict</c> (an inline document). It is loaded and validated
/// once, when the outer workflow is built; a sub-workflow that includes itself is refused then (<c>KWF082</c>).
/// </summary>
/// <remarks>
/// <para>
/// Inputs: with <c>input_mapping</c> (<c>{"amount": "tax.net"}</c> or <c>{"amount": {"node": "tax", "parameter": "net"}}</c>)
/// each mapped name is an input delivered to that inner node's parameter. Without it, an input named
/// <c>&lt;node&gt;_&lt;parameter&gt;</c> goes to that inner node, and any other input is a workflow-level parameter of the
/// sub-workflow. The <c>inputs</c> input (a dictionary) is passed as the sub-workflow's parameters in either form.
/// </para>
/// <para>
/// Outputs: with <c>output_mapping</c> (<c>{"total": "sum.result"}</c> or <c>{"total": {"node": "sum", "output": "result"}}</c>)
/// each mapped name is an output port; without it the node has one output, <c>results</c>: every inner node's outputs by node id.
/// The sub-workflow runs on its own <see cref="AsyncLocalRuntime"/> with the outer run's cancellation and permissions; an
/// inner failure fails this node with the inner error.
/// </para>
/// </remarks>
public sealed class WorkflowNode : AsyncNode
{
    private const string PathKey = "workflow_path";
    private const string NameKey = "workflow_name";
    private const string DictKey = "workflow_dict";
    private const string InputMappingKey = "input_mapping";
    private const string OutputMappingKey = "output_mapping";
    private const string InputsKey = "inputs";
    private const string ResultsPort = "results";
    private const int MaxNesting = 16;

    private static readonly AsyncLocal<ImmutableStack<string>?> Loading = new();

    private Workflow? _inner;
    private Dictionary<string, (string Node, string Name)> _inputMapping = [];
    private Dictionary<string, (string Node, string Name)> _outputMapping = [];
    private IReadOnlyList<NodeParameter> _parameters = BaseParameters();
    private IReadOnlyList<string> _outputs = [ResultsPort];

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => _outputs;

    /// <inheritdoc />
    public override bool AcceptsUndeclaredInputs => _inputMapping.Count == 0;

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var inner = _inner ?? throw new KailashException(ErrorCodes.SubWorkflowNotFound, $"WorkflowNode '{context.NodeId}' has no sub-workflow. Please set workflow_path, workflow_name or workflow_dict.", context.NodeId);
        var parameters = BuildParameters(inputs, inner);
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { Permissions = context.Permissions, Services = context.Services });
        var run = await runtime.ExecuteAsync(inner, parameters, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (_outputMapping.Count == 0)
        {
            var results = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var node in inner.Nodes)
            {
                if (run.Results.TryGetValue(node.Id, out var outputs))
                {
                    results[node.Id] = outputs.Outputs;
                }
            }

            return new Dictionary<string, object?>(1) { [ResultsPort] = results };
        }

        var mapped = new Dictionary<string, object?>(_outputMapping.Count, StringComparer.Ordinal);
        foreach (var (port, (node, output)) in _outputMapping)
        {
            mapped[port] = run.Results.TryGetValue(node, out var outputs) && outputs.Outputs.TryGetValue(output, out var value) ? value : null;
        }

        return mapped;
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        var sources = new[] { PathKey, NameKey, DictKey }.Where(k => config.GetValueOrDefault(k) is not null).ToList();
        if (sources.Count != 1)
        {
            throw new NodeConfigurationException(
                ErrorCodes.InvalidNodeConfig,
                sources.Count == 0
                    ? "WorkflowNode needs its sub-workflow: set exactly one of workflow_path (a file), workflow_name (a registered workflow) or workflow_dict (an inline document)."
                    : $"WorkflowNode takes exactly one sub-workflow source, but {string.Join(" and ", sources)} are set. Please keep one.",
                sources.Count == 0 ? PathKey : sources[1]);
        }

        _inner = Load(sources[0], config[sources[0]], registry);
        _inputMapping = ReadMapping(config, InputMappingKey, "parameter", _inner);
        _outputMapping = ReadMapping(config, OutputMappingKey, "output", _inner);
        var parameters = BaseParameters();
        foreach (var (name, (node, parameter)) in _inputMapping)
        {
            parameters.Add(new NodeParameter(name, typeof(object)) { Description = $"Delivered to '{parameter}' of the sub-workflow's node '{node}'." });
        }

        _parameters = parameters;
        _outputs = _outputMapping.Count == 0 ? [ResultsPort] : [.. _outputMapping.Keys];
    }

    private static readonly HashSet<string> ConfigKeys = [PathKey, NameKey, DictKey, InputMappingKey, OutputMappingKey, InputsKey];

    private static List<NodeParameter> BaseParameters() =>
    [
        new(InputsKey, typeof(object)) { Description = "Parameters for the sub-workflow ({param: value} and/or {node: {param: value}})." },
        new(PathKey, typeof(string)) { Description = "The sub-workflow's file (JSON or YAML) under the allowed roots." },
        new(NameKey, typeof(string)) { Description = "The name of a workflow registered with NodeRegistry.RegisterWorkflow." },
        new(DictKey, typeof(object)) { Description = "The sub-workflow as an inline document." },
        new(InputMappingKey, typeof(object)) { Description = "Input name to \"node.parameter\" of the sub-workflow." },
        new(OutputMappingKey, typeof(object)) { Description = "Output name to \"node.output\" of the sub-workflow." },
    ];

    private static Workflow Load(string key, object? source, NodeRegistry registry)
    {
        var chain = Loading.Value ?? [];
        if (chain.Count() >= MaxNesting)
        {
            throw new NodeConfigurationException(ErrorCodes.SubWorkflowRecursion, $"Sub-workflows are nested more than {MaxNesting} levels deep ({string.Join(" → ", chain.Reverse())}). Please flatten them.", key);
        }

        string identity;
        Func<Workflow> load;
        switch (key)
        {
            case PathKey when source is string { Length: > 0 } path:
                var full = ResolvePath(path, registry);
                identity = "file " + full;
                load = () => WorkflowSerializer.LoadFile(full, registry);
                break;
            case NameKey when source is string { Length: > 0 } name:
                identity = "workflow " + name;
                load = () => registry.TryGetWorkflow(name, out var registered)
                    ? registered
                    : throw new NodeConfigurationException(ErrorCodes.SubWorkflowNotFound, $"No workflow is registered as '{name}'.{Internal.Suggestions.DidYouMean(name, registry.WorkflowNames)} Registered: {Internal.Suggestions.List(registry.WorkflowNames)}. Please register it with NodeRegistry.RegisterWorkflow.", key);
                break;
            case DictKey when ExpressionValues.IsDictionary(ExpressionValues.Normalize(source)):
                identity = $"inline document {chain.Count() + 1}";
                load = () => WorkflowSerializer.LoadJson(JsonSerializer.Serialize(source), registry, DictKey);
                break;
            default:
                throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, key == DictKey ? "workflow_dict must be a workflow document (a mapping with nodes and connections)." : $"{key} must be a non-empty string.", key);
        }

        if (chain.Contains(identity))
        {
            throw new NodeConfigurationException(ErrorCodes.SubWorkflowRecursion, $"The sub-workflow includes itself: {string.Join(" → ", chain.Reverse().Append(identity))}. A workflow cannot run itself as a node.", key);
        }

        Loading.Value = chain.Push(identity);
        try
        {
            return load();
        }
        catch (WorkflowValidationException ex) when (ex.Errors.Any(e => e.Code == ErrorCodes.SubWorkflowRecursion))
        {
            throw new NodeConfigurationException(ErrorCodes.SubWorkflowRecursion, ex.Errors.First(e => e.Code == ErrorCodes.SubWorkflowRecursion).Message, key);
        }
        catch (WorkflowValidationException ex)
        {
            var first = ex.Errors.Count > 0 ? ex.Errors[0] : null;
            var code = first?.Code == ErrorCodes.FileNotReadable ? ErrorCodes.SubWorkflowNotFound : first?.Code ?? ErrorCodes.SubWorkflowNotFound;
            throw new NodeConfigurationException(code, $"The sub-workflow ({identity}) is invalid: {string.Join(" ", ex.Errors.Select(e => e.Message))}", key);
        }
        finally
        {
            Loading.Value = chain;
        }
    }

    private static string ResolvePath(string path, NodeRegistry registry)
    {
        try
        {
            return registry.Permissions.ResolvePath(path, nodeId: null, port: PathKey);
        }
        catch (KailashException ex)
        {
            throw new NodeConfigurationException(ex.Code, ex.Message, PathKey);
        }
    }

    private static Dictionary<string, (string Node, string Name)> ReadMapping(IReadOnlyDictionary<string, object?> config, string key, string nameField, Workflow inner)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var raw = ExpressionValues.Normalize(config.GetValueOrDefault(key));
        if (raw is null)
        {
            return result;
        }

        if (!ExpressionValues.IsDictionary(raw))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidSubWorkflowMapping, $"{key} must map names to \"node.{nameField}\" or {{\"node\": ..., \"{nameField}\": ...}}.", key);
        }

        foreach (var (name, target) in ExpressionValues.GetEntries(raw))
        {
            string? node = null;
            string? member = null;
            if (target is string dotted && dotted.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 && dot < dotted.Length - 1)
            {
                (node, member) = (dotted[..dot], dotted[(dot + 1)..]);
            }
            else if (target is not null && ExpressionValues.IsDictionary(target))
            {
                node = ExpressionValues.LookupKey(target, "node", out var n) == KeyLookup.Found ? n as string : null;
                member = ExpressionValues.LookupKey(target, nameField, out var m) == KeyLookup.Found ? m as string : null;
            }

            if (node is null || member is null)
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidSubWorkflowMapping, $"{key}.{name} must be \"node.{nameField}\" or {{\"node\": ..., \"{nameField}\": ...}}.", key);
            }

            if (!inner.TryGetNode(node, out var spec))
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidSubWorkflowMapping, $"{key}.{name} names node '{node}', which the sub-workflow does not have.{Internal.Suggestions.DidYouMean(node, inner.Nodes.Select(n => n.Id))} Its nodes: {Internal.Suggestions.List(inner.Nodes.Select(n => n.Id))}.", key);
            }

            if (nameField == "output" && !spec.Node.HasDynamicOutputs && !spec.Node.GetOutputs().Contains(member))
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidSubWorkflowMapping, $"{key}.{name} reads output '{member}' of '{node}', which has outputs: {Internal.Suggestions.List(spec.Node.GetOutputs())}.", key);
            }

            result[name] = (node, member);
        }

        return result;
    }

    private Dictionary<string, object?> BuildParameters(NodeInputs inputs, Workflow inner)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (ExpressionValues.Normalize(inputs.GetOrDefault<object?>(InputsKey, null)) is { } given && ExpressionValues.IsDictionary(given))
        {
            foreach (var (name, value) in ExpressionValues.GetEntries(given))
            {
                parameters[name] = ExpressionValues.ToPlain(value);
            }
        }

        foreach (var input in inputs)
        {
            if (ConfigKeys.Contains(input.Key))
            {
                continue;
            }

            if (_inputMapping.TryGetValue(input.Key, out var target))
            {
                NodeSpecific(parameters, target.Node)[target.Name] = input.Value;
            }
            else if (_inputMapping.Count == 0 && SplitNodeInput(input.Key, inner) is { } split)
            {
                NodeSpecific(parameters, split.Node)[split.Parameter] = input.Value;
            }
            else if (_inputMapping.Count == 0)
            {
                parameters[input.Key] = input.Value;
            }
        }

        return parameters;
    }

    private static Dictionary<string, object?> NodeSpecific(Dictionary<string, object?> parameters, string node)
    {
        if (parameters.GetValueOrDefault(node) is Dictionary<string, object?> existing)
        {
            return existing;
        }

        var created = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters.GetValueOrDefault(node) is { } other && ExpressionValues.IsDictionary(ExpressionValues.Normalize(other)))
        {
            foreach (var (key, value) in ExpressionValues.GetEntries(ExpressionValues.Normalize(other)!))
            {
                created[key] = ExpressionValues.ToPlain(value);
            }
        }

        parameters[node] = created;
        return created;
    }

    /// <summary>Kailash's <c>&lt;node&gt;_&lt;parameter&gt;</c> inputs: the longest inner node id that prefixes the name.</summary>
    private static (string Node, string Parameter)? SplitNodeInput(string name, Workflow inner)
    {
        (string, string)? best = null;
        foreach (var node in inner.Nodes)
        {
            if (name.Length > node.Id.Length + 1 && name.StartsWith(node.Id, StringComparison.Ordinal) && name[node.Id.Length] == '_'
                && (best is null || node.Id.Length > best.Value.Item1.Length))
            {
                best = (node.Id, name[(node.Id.Length + 1)..]);
            }
        }

        return best;
    }
}
