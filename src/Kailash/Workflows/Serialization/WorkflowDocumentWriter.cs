using System.Collections;
using System.Globalization;
using System.Text.Json;
using Kailash.Internal;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Turns a <see cref="Workflow"/> into the file document: an insertion-ordered tree of plain data
/// (<see cref="Dictionary{TKey, TValue}"/>, <see cref="List{T}"/>, long, double, string, bool, null) that the JSON and
/// YAML writers emit as is. The shape is canonical: nodes as a map, connections in the
/// <c>source_node/source_output/target_node/target_input</c> vocabulary, cycles in the form they were declared in.
/// </summary>
internal static class WorkflowDocumentWriter
{
    private const int MaxDepth = 512;
    private static readonly string[] ReservedNodeKeys = [F.NodeType, F.Type, F.Config, F.Parameters];

    public static Dictionary<string, object?> ToDocument(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var errors = new List<WorkflowError>();
        var extras = workflow.FileExtras ?? new FileExtras();
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [F.WorkflowId] = workflow.Id,
            [F.Name] = workflow.Name,
        };
        if (workflow.Description is not null)
        {
            document[F.Description] = workflow.Description;
        }

        document[F.Version] = workflow.Version;
        document[F.Metadata] = Plain(workflow.Metadata, F.Metadata, errors, 0);

        var nodes = new Dictionary<string, object?>(workflow.Nodes.Count, StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            var path = LoadDiagnostics.Child(F.Nodes, node.Id);
            var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [F.NodeType] = node.TypeName,
                [F.Config] = Plain(node.Config, LoadDiagnostics.Child(path, F.Config), errors, 0),
            };
            foreach (var extension in node.Extensions)
            {
                if (ReservedNodeKeys.Contains(extension.Key, StringComparer.Ordinal))
                {
                    errors.Add(new WorkflowError(ErrorCodes.InvalidField, $"Node '{node.Id}' has an extension named '{extension.Key}', which is a reserved node field in workflow files. Please rename it.", node.Id, extension.Key, LoadDiagnostics.Child(path, extension.Key)));
                    continue;
                }

                entry[extension.Key] = Plain(extension.Value, LoadDiagnostics.Child(path, extension.Key), errors, 0);
            }

            nodes[node.Id] = entry;
        }

        document[F.Nodes] = nodes;

        var connections = new List<object?>();
        foreach (var connection in workflow.Connections)
        {
            connections.Add(WriteConnection(connection, null, LoadDiagnostics.Index(F.Connections, connections.Count), extras, errors));
        }

        var cycles = new List<object?>();
        foreach (var cycle in workflow.Cycles)
        {
            if (cycle.IsInlineForm)
            {
                foreach (var edge in cycle.Connections)
                {
                    connections.Add(WriteConnection(edge, cycle, LoadDiagnostics.Index(F.Connections, connections.Count), extras, errors));
                }

                continue;
            }

            var path = LoadDiagnostics.Index(F.Cycles, cycles.Count);
            var edges = new List<object?>(cycle.Connections.Count);
            foreach (var edge in cycle.Connections)
            {
                edges.Add(WriteConnection(edge, null, LoadDiagnostics.Index(LoadDiagnostics.Child(path, F.Connections), edges.Count), extras, errors));
            }

            var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [F.CycleId] = cycle.CycleId,
                [F.Connections] = edges,
            };
            if (cycle.MaxIterations is { } max)
            {
                entry[F.MaxIterations] = (long)max;
            }

            if (cycle.ConvergeWhen is { } convergeWhen)
            {
                entry[F.ConvergeWhen] = convergeWhen;
            }

            if (cycle.Timeout is { } timeout)
            {
                entry[F.TimeoutSeconds] = Seconds(timeout);
            }

            AddExtras(entry, extras.Of(cycle), path, errors);
            cycles.Add(entry);
        }

        document[F.Connections] = connections;
        if (cycles.Count > 0)
        {
            document[F.Cycles] = cycles;
        }

        AddExtras(document, extras.TopLevel, string.Empty, errors);
        return errors.Count == 0 ? document : throw new WorkflowValidationException(errors);
    }

    private static Dictionary<string, object?> WriteConnection(Connection connection, CycleSpec? inlineCycle, string path, FileExtras extras, List<WorkflowError> errors)
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [F.SourceNode] = connection.SourceNode,
            [F.SourceOutput] = connection.SourceOutput,
            [F.TargetNode] = connection.TargetNode,
            [F.TargetInput] = connection.TargetInput,
        };
        if (inlineCycle is not null)
        {
            // Kailash's own export order: cycle, max_iterations, convergence_check, cycle_id, timeout.
            entry[F.Cycle] = true;
            if (inlineCycle.MaxIterations is { } max)
            {
                entry[F.MaxIterations] = (long)max;
            }

            if (inlineCycle.ConvergeWhen is { } convergeWhen)
            {
                entry[F.ConvergenceCheck] = convergeWhen;
            }

            entry[F.CycleId] = inlineCycle.CycleId;
            if (inlineCycle.Timeout is { } timeout)
            {
                entry[F.Timeout] = Seconds(timeout);
            }
        }

        AddExtras(entry, extras.Of(connection), path, errors);
        return entry;
    }

    private static void AddExtras(Dictionary<string, object?> target, IReadOnlyDictionary<string, object?> extras, string path, List<WorkflowError> errors)
    {
        foreach (var extra in extras)
        {
            if (!target.ContainsKey(extra.Key))
            {
                target[extra.Key] = Plain(extra.Value, LoadDiagnostics.Child(path, extra.Key), errors, 0);
            }
        }
    }

    /// <summary>Whole seconds as an integer, otherwise a double (both read back to the same <see cref="TimeSpan"/>).</summary>
    private static object Seconds(TimeSpan timeout)
        => timeout.Ticks % TimeSpan.TicksPerSecond == 0 ? timeout.Ticks / TimeSpan.TicksPerSecond : timeout.Ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>Converts a config or metadata value to plain data; values that cannot be written are reported.</summary>
    private static object? Plain(object? value, string path, List<WorkflowError> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add(new WorkflowError(ErrorCodes.InvalidField, $"The value is nested more than {MaxDepth} levels deep (does it contain itself?).", Location: path));
            return null;
        }

        switch (value)
        {
            case null or string or bool or long or double:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong big:
                return big <= long.MaxValue ? (long)big : (double)big;
            case float single:
                return double.Parse(single.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            case decimal number:
                return (double)number;
            case char character:
                return character.ToString();
            case Enum member:
                return member.ToString();
            case DateTime time:
                return time.ToString("O", CultureInfo.InvariantCulture);
            case DateTimeOffset time:
                return time.ToString("O", CultureInfo.InvariantCulture);
            case DateOnly date:
                return date.ToString("O", CultureInfo.InvariantCulture);
            case TimeOnly time:
                return time.ToString("O", CultureInfo.InvariantCulture);
            case TimeSpan span:
                return span.ToString("c", CultureInfo.InvariantCulture);
            case Guid guid:
                return guid.ToString("D");
            case Uri uri:
                return uri.OriginalString;
            case JsonElement or JsonDocument:
                return ValueConverter.Normalize(value);
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var pair in pairs)
                {
                    map[pair.Key] = Plain(pair.Value, LoadDiagnostics.Child(path, pair.Key), errors, depth + 1);
                }

                return map;
            case IDictionary dictionary:
                var converted = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    converted[key] = Plain(entry.Value, LoadDiagnostics.Child(path, key), errors, depth + 1);
                }

                return converted;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (var item in items)
                {
                    list.Add(Plain(item, LoadDiagnostics.Index(path, list.Count), errors, depth + 1));
                }

                return list;
            default:
                try
                {
                    return ValueConverter.FromJson(JsonSerializer.SerializeToElement(value, value.GetType()));
                }
                catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
                {
                    errors.Add(new WorkflowError(ErrorCodes.InvalidField, $"A value of type {value.GetType().Name} cannot be written to a workflow file: {ex.Message}", Location: path));
                    return null;
                }
        }
    }
}
