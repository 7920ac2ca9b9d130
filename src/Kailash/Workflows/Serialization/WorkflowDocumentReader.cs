using System.Globalization;
using System.Text.RegularExpressions;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Turns a <see cref="SourceValue"/> tree (from JSON or YAML) into a <see cref="Workflow"/> through the
/// <see cref="WorkflowBuilder"/>. Every shape problem is collected with its path and position; the builder's own
/// errors are merged in with the file location of the node or connection they concern; all are thrown together.
/// </summary>
internal sealed partial class WorkflowDocumentReader
{
    /// <summary>The most values a document may expand to (YAML aliases can multiply a small file).</summary>
    private const int MaxValues = 1_000_000;

    private readonly NodeRegistry _registry;
    private readonly LoadDiagnostics _diagnostics;
    private readonly List<NodeEntry> _nodes = [];
    private readonly HashSet<string> _nodeIds = new(StringComparer.Ordinal);
    private readonly List<ConnectionEntry> _connections = [];
    private readonly List<CycleEntry> _cycles = [];
    private int _valueBudget = MaxValues;
    private bool _budgetReported;

    private WorkflowDocumentReader(NodeRegistry registry, LoadDiagnostics diagnostics)
    {
        _registry = registry;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads the workflow; throws <see cref="WorkflowValidationException"/> listing every problem.</summary>
    public static Workflow Read(SourceValue? root, NodeRegistry registry, LoadDiagnostics diagnostics)
    {
        if (root is null)
        {
            diagnostics.ThrowIfAny();
            throw new WorkflowValidationException([new WorkflowError(ErrorCodes.MalformedFile, "The file holds no workflow.", Location: diagnostics.FormatLocation(null, null))]);
        }

        var workflow = new WorkflowDocumentReader(registry, diagnostics).ReadWorkflow(root);
        diagnostics.ThrowIfAny();
        return workflow ?? throw new WorkflowValidationException([new WorkflowError(ErrorCodes.InvalidField, "The file holds no workflow.", Location: diagnostics.FormatLocation(null, null))]);
    }

    private Workflow? ReadWorkflow(SourceValue root)
    {
        if (root is not SourceMapping mapping)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"The top level of a workflow file must be an object with a '{F.Nodes}' field, not {root.Shape}.", null, root.Position);
            return null;
        }

        var fields = Fields(mapping, string.Empty);
        var workflowId = OptionalText(fields, F.WorkflowId, string.Empty, allowNumber: true);
        var name = OptionalText(fields, F.Name, string.Empty, allowNumber: true);
        var description = OptionalText(fields, F.Description, string.Empty, allowNumber: false, allowEmpty: true);
        var version = OptionalText(fields, F.Version, string.Empty, allowNumber: true);
        var metadata = OptionalMapping(fields, F.Metadata, string.Empty);
        var nodesReadable = ReadNodes(fields.Take(F.Nodes), mapping.Position);
        ReadConnections(fields.Take(F.Connections));
        ReadCycles(fields.Take(F.Cycles));
        var extras = Remaining(fields, string.Empty);
        if (!nodesReadable)
        {
            return null;
        }

        return Build(workflowId ?? DefaultWorkflowId(), name, description, version, metadata, extras);
    }

    private string DefaultWorkflowId()
    {
        var stem = _diagnostics.SourceName is null ? null : Path.GetFileNameWithoutExtension(_diagnostics.SourceName);
        return string.IsNullOrWhiteSpace(stem) ? "workflow" : stem;
    }

    // ---------------------------------------------------------------- nodes

    private bool ReadNodes(SourceEntry? entry, SourcePosition rootPosition)
    {
        if (entry is null)
        {
            _diagnostics.Add(ErrorCodes.MissingField, $"The workflow has no '{F.Nodes}' field. Please add \"{F.Nodes}\": {{\"<id>\": {{\"{F.NodeType}\": \"<type>\", \"{F.Config}\": {{}}}}}}.", F.Nodes, rootPosition);
            return false;
        }

        switch (entry.Value)
        {
            case SourceMapping map:
                foreach (var item in map.Entries)
                {
                    var path = LoadDiagnostics.Child(F.Nodes, item.Key);
                    ReadNode(item.Key, path, item.KeyPosition, item.Value);
                }

                return true;
            case SourceSequence list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    ReadListNode(list.Items[i], LoadDiagnostics.Index(F.Nodes, i));
                }

                return true;
            default:
                _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.Nodes}' must be an object of nodes by id or a list of nodes with an '{F.Id}', not {entry.Value.Shape}.", F.Nodes, entry.Value.Position);
                return false;
        }
    }

    private void ReadListNode(SourceValue value, string path)
    {
        if (value is not SourceMapping item)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"A node must be an object with '{F.Id}' and '{F.Type}', not {value.Shape}.", path, value.Position);
            return;
        }

        var fields = Fields(item, path);
        var idField = fields.Peek(F.Id) ?? fields.Peek(F.NodeId);
        if (idField is null)
        {
            _diagnostics.Add(ErrorCodes.MissingField, $"The node has no '{F.Id}'. Please add \"{F.Id}\": \"<unique id>\".", LoadDiagnostics.Child(path, F.Id), item.Position);
            ReadNodeBody(new NodeEntry(null, path, item.Position), fields, path);
            return;
        }

        fields.Take(idField.Key);
        var idPath = LoadDiagnostics.Child(path, idField.Key);
        if (idField.Value is not SourceScalar { Value: string id })
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"A node '{idField.Key}' must be text, not {idField.Value.Shape}.", idPath, idField.Value.Position);
            ReadNodeBody(new NodeEntry(null, path, item.Position), fields, path);
            return;
        }

        var node = NewNode(id, path, idField.Value.Position);
        ReadNodeBody(node, fields, path);
    }

    private void ReadNode(string id, string path, SourcePosition keyPosition, SourceValue value)
    {
        var node = NewNode(id, path, keyPosition);
        if (value is not SourceMapping body)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"Node '{id}' must be an object with '{F.NodeType}' and '{F.Config}', not {value.Shape}.", path, value.Position, id);
            node.Valid = false;
            return;
        }

        ReadNodeBody(node, Fields(body, path), path);
    }

    private NodeEntry NewNode(string id, string path, SourcePosition position)
    {
        var node = new NodeEntry(id, path, position);
        if (string.IsNullOrWhiteSpace(id))
        {
            _diagnostics.Add(ErrorCodes.InvalidField, "A node id must not be empty.", path, position);
            node.Valid = false;
        }
        else if (!_nodeIds.Add(id))
        {
            _diagnostics.Add(ErrorCodes.DuplicateNodeId, $"Node id '{id}' is used more than once. Please give every node a unique id.", path, position, id);
            node.Valid = false;
        }

        _nodes.Add(node);
        return node;
    }

    private void ReadNodeBody(NodeEntry node, FieldSet fields, string path)
    {
        if (node.Id is null)
        {
            node.Valid = false;
        }

        var typeEntry = fields.Take(F.NodeType);
        var alias = fields.Take(F.Type);
        if (typeEntry is not null && alias is not null && !SameText(typeEntry.Value, alias.Value))
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"The node has both '{F.NodeType}' and '{F.Type}' with different values. Please keep one.", LoadDiagnostics.Child(path, F.Type), alias.Value.Position, node.Id);
            node.Valid = false;
        }

        typeEntry ??= alias;
        if (typeEntry is null)
        {
            _diagnostics.Add(ErrorCodes.MissingField, $"Node '{node.Id}' has no '{F.NodeType}'. Please add \"{F.NodeType}\": \"<registered type>\" (for example \"PassThroughNode\").", LoadDiagnostics.Child(path, F.NodeType), node.Position, node.Id);
            node.Valid = false;
        }
        else
        {
            node.TypePath = LoadDiagnostics.Child(path, typeEntry.Key);
            node.TypePosition = typeEntry.Value.Position;
            if (typeEntry.Value is SourceScalar { Value: string typeName } && !string.IsNullOrWhiteSpace(typeName))
            {
                node.TypeName = typeName;
                if (!_registry.Contains(typeName))
                {
                    _diagnostics.Add(ErrorCodes.UnknownNodeType, _registry.UnknownTypeMessage(typeName), node.TypePath, node.TypePosition, node.Id);
                    node.Valid = false;
                }
            }
            else
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"A node type must be non-empty text, not {typeEntry.Value.Shape}.", node.TypePath, node.TypePosition, node.Id);
                node.Valid = false;
            }
        }

        var configEntry = fields.Take(F.Config);
        var parameters = fields.Take(F.Parameters);
        if (configEntry is not null && parameters is not null)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"The node has both '{F.Config}' and '{F.Parameters}'. Please keep one ('{F.Config}').", LoadDiagnostics.Child(path, F.Parameters), parameters.Value.Position, node.Id);
            node.Valid = false;
        }

        configEntry ??= parameters;
        if (configEntry is not null)
        {
            node.ConfigPath = LoadDiagnostics.Child(path, configEntry.Key);
            switch (configEntry.Value)
            {
                case SourceMapping config:
                    node.ConfigSource = config;
                    node.Config = (Dictionary<string, object?>)ToClr(config, node.ConfigPath)!;
                    break;
                case SourceScalar { Value: null }:
                    break;
                default:
                    _diagnostics.Add(ErrorCodes.InvalidField, $"A node's '{configEntry.Key}' must be an object of settings, not {configEntry.Value.Shape}.", node.ConfigPath, configEntry.Value.Position, node.Id);
                    node.Valid = false;
                    break;
            }
        }

        node.Extensions = Remaining(fields, path);
    }

    private static bool SameText(SourceValue a, SourceValue b)
        => a is SourceScalar { Value: string x } && b is SourceScalar { Value: string y } && x == y;

    // ---------------------------------------------------------------- connections

    private void ReadConnections(SourceEntry? entry)
    {
        if (entry is null || entry.Value is SourceScalar { Value: null })
        {
            return;
        }

        if (entry.Value is not SourceSequence list)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.Connections}' must be a list of connections, not {entry.Value.Shape}.", F.Connections, entry.Value.Position);
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (ReadConnection(list.Items[i], LoadDiagnostics.Index(F.Connections, i), topLevel: true) is { } connection)
            {
                _connections.Add(connection);
            }
        }
    }

    private ConnectionEntry? ReadConnection(SourceValue value, string path, bool topLevel)
    {
        if (value is not SourceMapping mapping)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"A connection must be an object with '{F.SourceNode}', '{F.SourceOutput}', '{F.TargetNode}' and '{F.TargetInput}', not {value.Shape}.", path, value.Position);
            return null;
        }

        var fields = Fields(mapping, path);
        var entry = new ConnectionEntry(path, mapping.Position);
        var source = Endpoint(fields, path, entry, [F.SourceNode, F.FromNode, F.From], "source node");
        var output = Endpoint(fields, path, entry, [F.SourceOutput, F.FromOutput], "source output");
        var target = Endpoint(fields, path, entry, [F.TargetNode, F.ToNode, F.To], "target node");
        var input = Endpoint(fields, path, entry, [F.TargetInput, F.ToInput], "target input");
        var strict = source?.Key == F.SourceNode || target?.Key == F.TargetNode;
        entry.SourceNode = RequiredEndpoint(source, entry, path, F.SourceNode, null);
        entry.SourceOutput = RequiredEndpoint(output, entry, path, F.SourceOutput, strict ? null : F.DefaultOutput);
        entry.TargetNode = RequiredEndpoint(target, entry, path, F.TargetNode, null);
        entry.TargetInput = RequiredEndpoint(input, entry, path, F.TargetInput, strict ? null : F.DefaultInput);
        entry.SourceNodeAt = At(path, source, mapping.Position);
        entry.SourceOutputAt = At(path, output, mapping.Position);
        entry.TargetNodeAt = At(path, target, mapping.Position);
        entry.TargetInputAt = At(path, input, mapping.Position);

        if (fields.Take(F.Cycle) is { } cycleFlag)
        {
            switch (cycleFlag.Value)
            {
                case SourceScalar { Value: bool flag }:
                    entry.IsCycle = flag;
                    if (!flag && !topLevel)
                    {
                        _diagnostics.Add(ErrorCodes.InvalidField, $"A connection listed under a cycle cannot have \"{F.Cycle}\": false.", LoadDiagnostics.Child(path, F.Cycle), cycleFlag.Value.Position);
                        entry.Valid = false;
                    }

                    break;
                case SourceScalar { Value: null }:
                    break;
                default:
                    _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.Cycle}' must be true or false, not {cycleFlag.Value.Shape}.", LoadDiagnostics.Child(path, F.Cycle), cycleFlag.Value.Position);
                    entry.Valid = false;
                    break;
            }
        }

        if (topLevel && entry.IsCycle)
        {
            entry.Cycle = ReadCycleSettings(fields, path, F.ConvergenceCheck, F.Timeout);
            entry.CycleIdAt = At(path, fields.Peek(F.CycleId), mapping.Position, F.CycleId);
            entry.CycleId = OptionalText(fields, F.CycleId, path, allowNumber: false);
            if (entry.Cycle.HasErrors)
            {
                entry.Valid = false;
            }
        }

        entry.Extras = Remaining(fields, path);
        return entry;
    }

    private SourceEntry? Endpoint(FieldSet fields, string path, ConnectionEntry entry, string[] names, string what)
    {
        SourceEntry? found = null;
        foreach (var name in names)
        {
            if (fields.Take(name) is not { } candidate)
            {
                continue;
            }

            if (found is not null)
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"The connection names its {what} twice ('{found.Key}' and '{candidate.Key}'). Please keep one.", LoadDiagnostics.Child(path, candidate.Key), candidate.Value.Position);
                entry.Valid = false;
                continue;
            }

            found = candidate;
        }

        return found;
    }

    private string? RequiredEndpoint(SourceEntry? field, ConnectionEntry entry, string path, string canonical, string? fallback)
    {
        if (field is null)
        {
            if (fallback is not null)
            {
                return fallback;
            }

            _diagnostics.Add(ErrorCodes.MissingField, $"The connection has no '{canonical}'. Please add \"{canonical}\".", LoadDiagnostics.Child(path, canonical), entry.Position);
            entry.Valid = false;
            return null;
        }

        if (field.Value is SourceScalar { Value: string text } && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        _diagnostics.Add(ErrorCodes.InvalidField, $"'{field.Key}' must be non-empty text, not {field.Value.Shape}.", LoadDiagnostics.Child(path, field.Key), field.Value.Position);
        entry.Valid = false;
        return null;
    }

    private static FieldAt At(string path, SourceEntry? field, SourcePosition fallback, string? missingName = null)
        => field is null
            ? new FieldAt(missingName is null ? path : LoadDiagnostics.Child(path, missingName), fallback)
            : new FieldAt(LoadDiagnostics.Child(path, field.Key), field.Value.Position);

    // ---------------------------------------------------------------- cycles

    private void ReadCycles(SourceEntry? entry)
    {
        if (entry is null || entry.Value is SourceScalar { Value: null })
        {
            return;
        }

        if (entry.Value is not SourceSequence list)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.Cycles}' must be a list of cycles, not {entry.Value.Shape}.", F.Cycles, entry.Value.Position);
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = LoadDiagnostics.Index(F.Cycles, i);
            var value = list.Items[i];
            if (value is not SourceMapping mapping)
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"A cycle must be an object with '{F.CycleId}' and '{F.Connections}', not {value.Shape}.", path, value.Position);
                continue;
            }

            var fields = Fields(mapping, path);
            var cycle = new CycleEntry(path, mapping.Position);
            var idField = fields.Peek(F.CycleId);
            cycle.Id = OptionalText(fields, F.CycleId, path, allowNumber: false);
            cycle.IdAt = At(path, idField, mapping.Position, F.CycleId);
            if (idField is null)
            {
                _diagnostics.Add(ErrorCodes.MissingField, $"The cycle has no '{F.CycleId}'. Please add \"{F.CycleId}\": \"<unique id>\".", cycle.IdAt.Path, mapping.Position);
                cycle.Valid = false;
            }
            else if (cycle.Id is null)
            {
                cycle.Valid = false;
            }

            var connections = fields.Take(F.Connections);
            var connectionsPath = LoadDiagnostics.Child(path, F.Connections);
            switch (connections?.Value)
            {
                case null:
                    _diagnostics.Add(ErrorCodes.MissingField, $"Cycle '{cycle.Id}' has no '{F.Connections}'. Please list its back edges.", connectionsPath, mapping.Position);
                    cycle.Valid = false;
                    break;
                case SourceSequence edges:
                    for (var k = 0; k < edges.Items.Count; k++)
                    {
                        if (ReadConnection(edges.Items[k], LoadDiagnostics.Index(connectionsPath, k), topLevel: false) is { } edge)
                        {
                            cycle.Edges.Add(edge);
                        }
                        else
                        {
                            cycle.Valid = false;
                        }
                    }

                    break;
                default:
                    _diagnostics.Add(ErrorCodes.InvalidField, $"A cycle's '{F.Connections}' must be a list, not {connections.Value.Shape}.", connectionsPath, connections.Value.Position);
                    cycle.Valid = false;
                    break;
            }

            cycle.Settings = ReadCycleSettings(fields, path, F.ConvergeWhen, F.TimeoutSeconds, F.ConvergenceCheck, F.Timeout);
            cycle.Extras = Remaining(fields, path);
            _cycles.Add(cycle);
        }
    }

    private CycleSettings ReadCycleSettings(FieldSet fields, string path, string convergenceName, string timeoutName, string? convergenceAlias = null, string? timeoutAlias = null)
    {
        var settings = new CycleSettings();
        if (fields.Take(F.MaxIterations) is { } max)
        {
            settings.MaxIterationsAt = new FieldAt(LoadDiagnostics.Child(path, F.MaxIterations), max.Value.Position);
            switch (max.Value)
            {
                case SourceScalar { Value: long n } when n is >= 1 and <= int.MaxValue:
                    settings.MaxIterations = (int)n;
                    break;
                case SourceScalar { Value: null }:
                    break;
                default:
                    _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.MaxIterations}' must be a whole number of at least 1, not {Describe(max.Value)}.", settings.MaxIterationsAt.Path, max.Value.Position);
                    settings.HasErrors = true;
                    break;
            }
        }

        var convergence = TakeEither(fields, path, convergenceName, convergenceAlias, settings);
        if (convergence is not null)
        {
            settings.ConvergeWhenAt = new FieldAt(LoadDiagnostics.Child(path, convergence.Key), convergence.Value.Position);
            switch (convergence.Value)
            {
                case SourceScalar { Value: string expression } when !string.IsNullOrWhiteSpace(expression):
                    settings.ConvergeWhen = expression;
                    break;
                case SourceScalar { Value: null }:
                    break;
                default:
                    _diagnostics.Add(ErrorCodes.InvalidField, $"'{convergence.Key}' must be an expression (non-empty text), not {convergence.Value.Shape}.", settings.ConvergeWhenAt.Path, convergence.Value.Position);
                    settings.HasErrors = true;
                    break;
            }
        }

        var timeout = TakeEither(fields, path, timeoutName, timeoutAlias, settings);
        if (timeout is not null)
        {
            settings.TimeoutAt = new FieldAt(LoadDiagnostics.Child(path, timeout.Key), timeout.Value.Position);
            var seconds = timeout.Value is SourceScalar { Value: long whole } ? whole : timeout.Value is SourceScalar { Value: double real } ? real : (double?)null;
            if (seconds is > 0 && seconds.Value * TimeSpan.TicksPerSecond < TimeSpan.MaxValue.Ticks)
            {
                settings.Timeout = TimeSpan.FromTicks((long)Math.Round(seconds.Value * TimeSpan.TicksPerSecond));
            }
            else if (timeout.Value is not SourceScalar { Value: null })
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"'{timeout.Key}' must be a positive number of seconds, not {Describe(timeout.Value)}.", settings.TimeoutAt.Path, timeout.Value.Position);
                settings.HasErrors = true;
            }
        }

        return settings;
    }

    private SourceEntry? TakeEither(FieldSet fields, string path, string name, string? alias, CycleSettings settings)
    {
        var main = fields.Take(name);
        var other = alias is null ? null : fields.Take(alias);
        if (main is not null && other is not null)
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"The cycle has both '{name}' and '{alias}'. Please keep '{name}'.", LoadDiagnostics.Child(path, alias!), other.Value.Position);
            settings.HasErrors = true;
        }

        return main ?? other;
    }

    private static string Describe(SourceValue value) => value is SourceScalar { Value: { } scalar and not string } ? Convert.ToString(scalar, CultureInfo.InvariantCulture)! : value.Shape;

    // ---------------------------------------------------------------- build

    private Workflow? Build(string workflowId, string? name, string? description, string? version, Dictionary<string, object?>? metadata, Dictionary<string, object?> extras)
    {
        var builder = new WorkflowBuilder(workflowId, _registry);
        if (!string.IsNullOrWhiteSpace(name))
        {
            builder.WithName(name);
        }

        if (!string.IsNullOrWhiteSpace(version))
        {
            builder.WithVersion(version);
        }

        builder.WithDescription(description);
        foreach (var pair in metadata ?? [])
        {
            if (string.IsNullOrWhiteSpace(pair.Key))
            {
                _diagnostics.Add(ErrorCodes.InvalidField, "A metadata key must not be empty.", F.Metadata, null);
                continue;
            }

            builder.WithMetadata(pair.Key, pair.Value);
        }

        var declared = new HashSet<string>(_nodes.Where(n => n.Id is not null).Select(n => n.Id!), StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in _nodes.Where(n => n.Valid))
        {
            builder.AddNode(node.TypeName!, node.Id!, node.Config);
            foreach (var extension in node.Extensions)
            {
                builder.SetNodeExtension(node.Id!, extension.Key, extension.Value);
            }

            added.Add(node.Id!);
        }

        // A connection that touches a node which is declared but could not be added (its own error is reported)
        // is left out, so it does not add a misleading "node does not exist" error.
        bool Usable(ConnectionEntry c) => c.Valid && (added.Contains(c.SourceNode!) || !declared.Contains(c.SourceNode!)) && (added.Contains(c.TargetNode!) || !declared.Contains(c.TargetNode!));

        var regular = new List<ConnectionEntry>();
        foreach (var connection in _connections.Where(c => !c.IsCycle && Usable(c)))
        {
            builder.AddConnection(connection.SourceNode!, connection.SourceOutput!, connection.TargetNode!, connection.TargetInput!);
            regular.Add(connection);
        }

        var cycles = new List<(CycleSpec Spec, FieldAt At, List<ConnectionEntry> Edges, Dictionary<string, object?> Extras)>();
        var cycleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cycle in _cycles)
        {
            if (cycle.Id is not null && !cycleIds.Add(cycle.Id))
            {
                _diagnostics.Add(ErrorCodes.InvalidCycle, $"Cycle id '{cycle.Id}' is declared more than once. Please give every cycle a unique id.", cycle.IdAt.Path, cycle.IdAt.Position);
                continue;
            }

            if (cycle.Valid && !cycle.Settings.HasErrors && cycle.Edges.All(Usable))
            {
                var spec = new CycleSpec(cycle.Id!, [.. cycle.Edges.Select(e => e.ToConnection())])
                {
                    MaxIterations = cycle.Settings.MaxIterations,
                    ConvergeWhen = cycle.Settings.ConvergeWhen,
                    Timeout = cycle.Settings.Timeout,
                };
                cycles.Add((spec, new FieldAt(cycle.Path, cycle.Position), cycle.Edges, cycle.Extras));
            }
        }

        foreach (var group in GroupInlineCycles(cycleIds))
        {
            if (group.Valid && group.Edges.All(Usable))
            {
                var spec = new CycleSpec(group.Id, [.. group.Edges.Select(e => e.ToConnection())])
                {
                    MaxIterations = group.Settings.MaxIterations,
                    ConvergeWhen = group.Settings.ConvergeWhen,
                    Timeout = group.Settings.Timeout,
                    IsInlineForm = true,
                };
                cycles.Add((spec, group.At, group.Edges, []));
            }
        }

        foreach (var cycle in cycles)
        {
            builder.AddCycle(cycle.Spec);
        }

        Workflow workflow;
        try
        {
            workflow = builder.Build();
        }
        catch (WorkflowValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                AddBuilderError(error, regular, cycles.ToDictionary(c => c.Spec.CycleId, c => (c.At, c.Edges), StringComparer.Ordinal));
            }

            return null;
        }
        catch (Exception ex) when (IsConfigurationCrash(ex))
        {
            // A node's Configure failed with something other than NodeConfigurationException (for example a cast of a
            // config value of an unexpected type). Find the node, so the file still gets a located error.
            ReportConfigurationCrash(ex);
            return null;
        }

        if (_diagnostics.Count > 0)
        {
            return null;
        }

        FileExtras.Set(workflow.Metadata, extras);
        for (var i = 0; i < regular.Count; i++)
        {
            FileExtras.Set(workflow.Connections[i], regular[i].Extras);
        }

        foreach (var cycle in cycles)
        {
            FileExtras.Set(cycle.Spec, cycle.Extras);
            for (var i = 0; i < cycle.Edges.Count; i++)
            {
                FileExtras.Set(cycle.Spec.Connections[i], cycle.Edges[i].Extras);
            }
        }

        return workflow;
    }

    private static bool IsConfigurationCrash(Exception ex)
        => ex is InvalidCastException or NullReferenceException or KeyNotFoundException or FormatException or ArgumentException
            or InvalidOperationException or OverflowException or NotSupportedException or IndexOutOfRangeException;

    private void ReportConfigurationCrash(Exception original)
    {
        var found = false;
        foreach (var node in _nodes.Where(n => n.Valid))
        {
            if (!_registry.TryCreate(node.TypeName!, out var probe))
            {
                continue;
            }

            try
            {
                probe.BuildPermissions = _registry.Permissions;
                probe.Configure(node.Config);
            }
            catch (Exception ex) when (IsConfigurationCrash(ex))
            {
                found = true;
                _diagnostics.Add(ErrorCodes.InvalidNodeConfig, $"Node '{node.Id}' ({node.TypeName}) could not read its config: {ex.Message}", node.ConfigPath ?? node.Path, node.ConfigSource?.Position ?? node.Position, node.Id);
            }
            catch (NodeConfigurationException)
            {
                // Reported through the builder when the others are fixed.
            }
        }

        if (!found)
        {
            _diagnostics.Add(ErrorCodes.InvalidNodeConfig, $"The workflow could not be built: {original.Message}", null, null);
        }
    }

    private List<InlineCycle> GroupInlineCycles(HashSet<string> listedCycleIds)
    {
        var groups = new List<InlineCycle>();
        foreach (var edge in _connections.Where(c => c.IsCycle))
        {
            var id = edge.CycleId ?? F.DefaultCycleId;
            var group = groups.Find(g => g.Id == id);
            if (group is null)
            {
                group = new InlineCycle(id, edge.CycleIdAt);
                if (listedCycleIds.Contains(id))
                {
                    _diagnostics.Add(ErrorCodes.InvalidCycle, $"Cycle id '{id}' is declared both in '{F.Cycles}' and inline in '{F.Connections}'. Please declare each cycle once.", edge.CycleIdAt.Path, edge.CycleIdAt.Position);
                    group.Valid = false;
                }

                groups.Add(group);
            }

            group.Edges.Add(edge);
            group.Valid &= edge.Valid;
            var settings = edge.Cycle!;
            group.Settings.MaxIterations = Agree(group.Settings.MaxIterations, settings.MaxIterations, settings.MaxIterationsAt, F.MaxIterations, id, group);
            group.Settings.ConvergeWhen = Agree(group.Settings.ConvergeWhen, settings.ConvergeWhen, settings.ConvergeWhenAt, F.ConvergenceCheck, id, group);
            group.Settings.Timeout = Agree(group.Settings.Timeout, settings.Timeout, settings.TimeoutAt, F.Timeout, id, group);
        }

        return groups;
    }

    private T? Agree<T>(T? current, T? next, FieldAt? at, string field, string cycleId, InlineCycle group)
    {
        if (next is null)
        {
            return current;
        }

        if (current is not null && !EqualityComparer<T>.Default.Equals(current, next))
        {
            _diagnostics.Add(ErrorCodes.InvalidField, $"The edges of cycle '{cycleId}' disagree on '{field}' ({current} and {next}). Please give every edge of the cycle the same value.", at?.Path, at?.Position);
            group.Valid = false;
            return current;
        }

        return next;
    }

    private void AddBuilderError(WorkflowError error, List<ConnectionEntry> regular, Dictionary<string, (FieldAt At, List<ConnectionEntry> Edges)> cycles)
    {
        FieldAt? at = null;
        if (error.Location is { } location)
        {
            var match = ConnectionLocation().Match(location);
            if (match.Success)
            {
                var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
                var edges = match.Groups["cycle"].Success ? cycles.GetValueOrDefault(match.Groups["cycle"].Value).Edges : regular;
                if (edges is not null && index < edges.Count)
                {
                    at = edges[index].FieldFor(error.Code);
                }
            }
            else if (CycleLocation().Match(location) is { Success: true } cycleMatch && cycles.TryGetValue(cycleMatch.Groups["cycle"].Value, out var cycle))
            {
                at = cycle.At;
            }
        }

        if (at is null && error.NodeId is not null && _nodes.Find(n => n.Id == error.NodeId) is { } node)
        {
            at = node.FieldFor(error);
        }

        var path = at?.Path ?? error.Location;
        _diagnostics.Add(error with { Location = _diagnostics.FormatLocation(path, at?.Position) }, at?.Position);
    }

    [GeneratedRegex(@"^(cycles\.(?<cycle>.+)\.)?connections\[(?<index>\d+)\]$")]
    private static partial Regex ConnectionLocation();

    [GeneratedRegex(@"^cycles\.(?<cycle>.+)$")]
    private static partial Regex CycleLocation();

    // ---------------------------------------------------------------- values

    private FieldSet Fields(SourceMapping mapping, string path)
    {
        var fields = new FieldSet();
        foreach (var entry in mapping.Entries)
        {
            if (!fields.Add(entry))
            {
                _diagnostics.Add(ErrorCodes.InvalidField, $"The key '{entry.Key}' appears more than once. Please keep one.", LoadDiagnostics.Child(path, entry.Key), entry.KeyPosition);
            }
        }

        return fields;
    }

    private string? OptionalText(FieldSet fields, string key, string path, bool allowNumber, bool allowEmpty = false)
    {
        if (fields.Take(key) is not { } entry)
        {
            return null;
        }

        switch (entry.Value)
        {
            case SourceScalar { Value: null }:
                return null;
            case SourceScalar { Value: string text } when allowEmpty || !string.IsNullOrWhiteSpace(text):
                return text;
            case SourceScalar { Value: long number } when allowNumber:
                return number.ToString(CultureInfo.InvariantCulture);
            case SourceScalar { Value: double number } when allowNumber:
                return YamlScalars.FormatDouble(number);
            default:
                _diagnostics.Add(ErrorCodes.InvalidField, $"'{key}' must be {(allowEmpty ? string.Empty : "non-empty ")}text, not {entry.Value.Shape}.", LoadDiagnostics.Child(path, key), entry.Value.Position);
                return null;
        }
    }

    private Dictionary<string, object?>? OptionalMapping(FieldSet fields, string key, string path)
    {
        if (fields.Take(key) is not { } entry || entry.Value is SourceScalar { Value: null })
        {
            return null;
        }

        var childPath = LoadDiagnostics.Child(path, key);
        if (entry.Value is SourceMapping mapping)
        {
            return (Dictionary<string, object?>)ToClr(mapping, childPath)!;
        }

        _diagnostics.Add(ErrorCodes.InvalidField, $"'{key}' must be an object, not {entry.Value.Shape}.", childPath, entry.Value.Position);
        return null;
    }

    private Dictionary<string, object?> Remaining(FieldSet fields, string path)
    {
        var extras = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var entry in fields.Remaining())
        {
            extras[entry.Key] = ToClr(entry.Value, LoadDiagnostics.Child(path, entry.Key));
        }

        return extras;
    }

    /// <summary>Converts to plain CLR data: <see cref="Dictionary{TKey, TValue}"/>, <see cref="List{T}"/>, long, double, string, bool, null.</summary>
    private object? ToClr(SourceValue value, string path)
    {
        if (--_valueBudget < 0)
        {
            if (!_budgetReported)
            {
                _budgetReported = true;
                _diagnostics.Add(ErrorCodes.MalformedFile, $"The file expands to more than {MaxValues} values (through YAML aliases?).", path, value.Position);
            }

            return null;
        }

        switch (value)
        {
            case SourceMapping mapping:
                var map = new Dictionary<string, object?>(mapping.Entries.Count, StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    if (!map.TryAdd(entry.Key, ToClr(entry.Value, LoadDiagnostics.Child(path, entry.Key))))
                    {
                        _diagnostics.Add(ErrorCodes.InvalidField, $"The key '{entry.Key}' appears more than once. Please keep one.", LoadDiagnostics.Child(path, entry.Key), entry.KeyPosition);
                    }
                }

                return map;
            case SourceSequence sequence:
                var list = new List<object?>(sequence.Items.Count);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    list.Add(ToClr(sequence.Items[i], LoadDiagnostics.Index(path, i)));
                }

                return list;
            default:
                return ((SourceScalar)value).Value;
        }
    }

    // ---------------------------------------------------------------- entries

    /// <summary>A path and position of a field in the file.</summary>
    private sealed record FieldAt(string Path, SourcePosition Position);

    /// <summary>The fields of one mapping, first occurrence of each key, in file order; taken fields are not "remaining".</summary>
    private sealed class FieldSet
    {
        private readonly List<SourceEntry> _entries = [];
        private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        public bool Add(SourceEntry entry)
        {
            if (!_keys.Add(entry.Key))
            {
                return false;
            }

            _entries.Add(entry);
            return true;
        }

        public SourceEntry? Peek(string key) => _keys.Contains(key) && !_taken.Contains(key) ? _entries.Find(e => e.Key == key) : null;

        public SourceEntry? Take(string key)
        {
            var entry = Peek(key);
            if (entry is not null)
            {
                _taken.Add(key);
            }

            return entry;
        }

        public IEnumerable<SourceEntry> Remaining() => _entries.Where(e => !_taken.Contains(e.Key));
    }

    private sealed class NodeEntry(string? id, string path, SourcePosition position)
    {
        public string? Id { get; } = id;

        public string Path { get; } = path;

        public SourcePosition Position { get; } = position;

        public bool Valid { get; set; } = true;

        public string? TypeName { get; set; }

        public string? TypePath { get; set; }

        public SourcePosition? TypePosition { get; set; }

        public string? ConfigPath { get; set; }

        public SourceMapping? ConfigSource { get; set; }

        public Dictionary<string, object?> Config { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, object?> Extensions { get; set; } = new(StringComparer.Ordinal);

        public FieldAt FieldFor(WorkflowError error)
        {
            if (error.Port is { } key && ConfigSource?.Entries.Find(e => e.Key == key) is { } configEntry)
            {
                return new FieldAt(LoadDiagnostics.Child(ConfigPath!, key), configEntry.Value.Position);
            }

            if (error.Code == ErrorCodes.UnknownNodeType && TypePath is not null)
            {
                return new FieldAt(TypePath, TypePosition ?? Position);
            }

            return new FieldAt(Path, Position);
        }
    }

    private sealed class ConnectionEntry(string path, SourcePosition position)
    {
        public string Path { get; } = path;

        public SourcePosition Position { get; } = position;

        public bool Valid { get; set; } = true;

        public string? SourceNode { get; set; }

        public string? SourceOutput { get; set; }

        public string? TargetNode { get; set; }

        public string? TargetInput { get; set; }

        public FieldAt SourceNodeAt { get; set; } = null!;

        public FieldAt SourceOutputAt { get; set; } = null!;

        public FieldAt TargetNodeAt { get; set; } = null!;

        public FieldAt TargetInputAt { get; set; } = null!;

        public bool IsCycle { get; set; }

        public string? CycleId { get; set; }

        public FieldAt CycleIdAt { get; set; } = null!;

        public CycleSettings? Cycle { get; set; }

        public Dictionary<string, object?> Extras { get; set; } = [];

        public Connection ToConnection() => new(SourceNode!, SourceOutput!, TargetNode!, TargetInput!);

        public FieldAt FieldFor(string code) => code switch
        {
            ErrorCodes.UnknownSourceNode => SourceNodeAt,
            ErrorCodes.UnknownOutputPort => SourceOutputAt,
            ErrorCodes.UnknownTargetNode => TargetNodeAt,
            ErrorCodes.UndeclaredInput or ErrorCodes.TypeMismatch => TargetInputAt,
            _ => new FieldAt(Path, Position),
        };
    }

    private sealed class CycleSettings
    {
        public int? MaxIterations { get; set; }

        public FieldAt? MaxIterationsAt { get; set; }

        public string? ConvergeWhen { get; set; }

        public FieldAt? ConvergeWhenAt { get; set; }

        public TimeSpan? Timeout { get; set; }

        public FieldAt? TimeoutAt { get; set; }

        public bool HasErrors { get; set; }
    }

    private sealed class CycleEntry(string path, SourcePosition position)
    {
        public string Path { get; } = path;

        public SourcePosition Position { get; } = position;

        public bool Valid { get; set; } = true;

        public string? Id { get; set; }

        public FieldAt IdAt { get; set; } = null!;

        public List<ConnectionEntry> Edges { get; } = [];

        public CycleSettings Settings { get; set; } = new();

        public Dictionary<string, object?> Extras { get; set; } = [];
    }

    private sealed class InlineCycle(string id, FieldAt at)
    {
        public string Id { get; } = id;

        public FieldAt At { get; } = at;

        public bool Valid { get; set; } = true;

        public List<ConnectionEntry> Edges { get; } = [];

        public CycleSettings Settings { get; } = new();
    }
}
