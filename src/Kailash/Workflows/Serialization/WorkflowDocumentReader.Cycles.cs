using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>Cycles: the <c>cycles</c> list, inline cycle edges grouped by <c>cycle_id</c>, and their settings.</summary>
internal sealed partial class WorkflowDocumentReader
{
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
                if (idField.Value is SourceScalar { Value: null })
                {
                    _diagnostics.Add(ErrorCodes.InvalidField, $"'{F.CycleId}' must be non-empty text, not null.", cycle.IdAt.Path, idField.Value.Position);
                }

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
            CheckMisspeltKeys(fields, cycle.Extras, F.CycleKeys, path);
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
}
