using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>The <c>nodes</c> section: a map by id or a list with ids; type, config and extra keys of each node; their resilience keys.</summary>
internal sealed partial class WorkflowDocumentReader
{
    private bool ReadNodes(SourceEntry? entry, SourcePosition rootPosition)
    {
        if (entry is null)
        {
            _diagnostics.Add(ErrorCodes.MissingField, $"The workflow has no '{F.Nodes}' field. Please add \"{F.Nodes}\": {{\"<id>\": {{\"{F.NodeType}\": \"<type>\", \"{F.Config}\": {{}}}}}}.", F.Nodes, rootPosition);
            return false;
        }

        var count = entry.Value switch { SourceMapping m => m.Entries.Count, SourceSequence l => l.Items.Count, _ => 0 };
        if (count > LoadLimits.MaxNodes)
        {
            _diagnostics.Add(ErrorCodes.InputTooLarge, string.Create(CultureInfo.InvariantCulture, $"The file declares {Internal.Counted.Of(count, "node")}; the limit is {LoadLimits.MaxNodes:N0}. Please split the workflow."), F.Nodes, entry.Value.Position);
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
        var idField = F.NodeIdNames.Select(fields.Peek).FirstOrDefault(f => f is not null);
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

        var typeEntry = fields.Take(F.NodeTypeNames[0]);
        var alias = fields.Take(F.NodeTypeNames[1]);
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

        var configEntry = fields.Take(F.NodeConfigNames[0]);
        var parameters = fields.Take(F.NodeConfigNames[1]);
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

        node.ExtensionEntries = [.. fields.Remaining()];
        node.Extensions = Remaining(fields, path);
    }

    private static bool SameText(SourceValue a, SourceValue b)
        => a is SourceScalar { Value: string x } && b is SourceScalar { Value: string y } && x == y;


    /// <summary>
    /// A node's resilience keys (<c>retry</c>, <c>timeout</c>, <c>circuit_breaker</c>, <c>resources</c>) are read when the
    /// node first runs; a misspelt setting would fail it then with KWF062. Reading them here reports it at load, at the key.
    /// </summary>
    private void CheckPolicies(Workflow workflow)
    {
        foreach (var node in _nodes)
        {
            if (!node.Valid || node.ExtensionEntries.Count == 0 || !workflow.TryGetNode(node.Id!, out var spec))
            {
                continue;
            }

            foreach (var entry in node.ExtensionEntries)
            {
                if (!WorkflowBuilder.IsPolicyKey(entry.Key) || !spec.Extensions.TryGetValue(entry.Key, out var value))
                {
                    continue;
                }

                var single = new NodeSpec(spec.Id, spec.TypeName, spec.Config, spec.Node, new Dictionary<string, object?>(StringComparer.Ordinal) { [entry.Key] = value });
                foreach (var problem in WorkflowBuilder.ReadPolicy(single).Problems)
                {
                    _diagnostics.Add(ErrorCodes.InvalidResiliencePolicy, problem, LoadDiagnostics.Child(node.Path, entry.Key), entry.Value.Position, node.Id);
                }
            }
        }
    }
}
