using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>Builds the workflow from the entries read and places every builder error at its field in the file, from the error's structured location.</summary>
internal sealed partial class WorkflowDocumentReader
{
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
            var cycleEdges = cycles.ToDictionary(c => c.Spec.CycleId, c => (c.At, c.Edges), StringComparer.Ordinal);
            var nodesById = _nodes.Where(n => n.Id is not null).DistinctBy(n => n.Id).ToDictionary(n => n.Id!, StringComparer.Ordinal);
            foreach (var error in ex.Errors)
            {
                AddBuilderError(error, regular, cycleEdges, nodesById);
            }

            return null;
        }

        CheckPolicies(workflow);
        if (_diagnostics.Count > 0)
        {
            return null;
        }

        var fileExtras = new FileExtras();
        fileExtras.SetTopLevel(extras);
        for (var i = 0; i < regular.Count; i++)
        {
            fileExtras.Set(workflow.Connections[i], regular[i].Extras);
        }

        foreach (var cycle in cycles)
        {
            fileExtras.Set(cycle.Spec, cycle.Extras);
            for (var i = 0; i < cycle.Edges.Count; i++)
            {
                fileExtras.Set(cycle.Spec.Connections[i], cycle.Edges[i].Extras);
            }
        }

        if (!fileExtras.IsEmpty)
        {
            workflow.FileExtras = fileExtras;
        }

        return workflow;
    }


    private void AddBuilderError(WorkflowError error, List<ConnectionEntry> regular, Dictionary<string, (FieldAt At, List<ConnectionEntry> Edges)> cycles, Dictionary<string, NodeEntry> nodesById)
    {
        // The builder says where in the model (which connection of which cycle); the entries read from the file say where that is in the file.
        FieldAt? at = null;
        if (error.At is { } site)
        {
            var edges = site.CycleId is { } cycleId ? cycles.GetValueOrDefault(cycleId).Edges : regular;
            if (site.ConnectionIndex is { } index && edges is not null && index < edges.Count)
            {
                at = edges[index].FieldFor(error.Code);
            }
            else if (site.ConnectionIndex is null && site.CycleId is { } id && cycles.TryGetValue(id, out var cycle))
            {
                at = cycle.At;
            }
        }

        if (at is null && error.NodeId is not null && nodesById.GetValueOrDefault(error.NodeId) is { } node)
        {
            at = node.FieldFor(error);
        }

        var path = at?.Path ?? error.Location;
        _diagnostics.Add(error with { Location = _diagnostics.FormatLocation(path, at?.Position), At = _diagnostics.Locate(path, at?.Position, error.NodeId) }, at?.Position);
    }
}
