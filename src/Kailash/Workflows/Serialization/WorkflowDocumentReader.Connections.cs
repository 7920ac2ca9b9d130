using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>The <c>connections</c> section in its three vocabularies, with the file position of every endpoint.</summary>
internal sealed partial class WorkflowDocumentReader
{
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
        var source = Endpoint(fields, path, entry, F.SourceNodeNames, "source node");
        var output = Endpoint(fields, path, entry, F.SourceOutputNames, "source output");
        var target = Endpoint(fields, path, entry, F.TargetNodeNames, "target node");
        var input = Endpoint(fields, path, entry, F.TargetInputNames, "target input");
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
        if (topLevel)
        {
            CheckMisspeltKeys(fields, entry.Extras, F.InlineCycleKeys, path);
        }

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
}
