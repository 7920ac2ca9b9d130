using System.Globalization;
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
    private readonly NodeRegistry _registry;
    private readonly LoadDiagnostics _diagnostics;
    private readonly List<NodeEntry> _nodes = [];
    private readonly HashSet<string> _nodeIds = new(StringComparer.Ordinal);
    private readonly List<ConnectionEntry> _connections = [];
    private readonly List<CycleEntry> _cycles = [];
    private int _valueBudget = LoadLimits.MaxValues;
    private long _charBudget = LoadLimits.MaxExpandedChars;
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
        CheckMisspeltKeys(fields, extras, F.TopLevelKeys, string.Empty);
        if (!nodesReadable)
        {
            return null;
        }

        return Build(workflowId ?? DefaultWorkflowId(), name, description, version, metadata, extras);
    }

    /// <summary>
    /// Unknown keys are kept (a file may carry its own), but one within a typo of a known key (<c>conections</c>,
    /// <c>max_iteration</c>) would be silently ignored, so it is an error with the key it was meant to be.
    /// </summary>
    private void CheckMisspeltKeys(FieldSet fields, Dictionary<string, object?> extras, string[] known, string path)
    {
        foreach (var key in extras.Keys)
        {
            if (LikelyMisspelling(key, known) is { } meant && fields.Find(key) is { } entry)
            {
                var where = path.Length == 0 ? "top-level key" : "key";
                _diagnostics.Add(ErrorCodes.MisspeltKey, $"The {where} '{key}' is not part of the workflow format and would be ignored. Did you mean '{meant}'?", LoadDiagnostics.Child(path, key), entry.KeyPosition);
            }
        }
    }

    /// <summary>The known key <paramref name="key"/> is one typo away from (two for long keys), or <see langword="null"/>.</summary>
    private static string? LikelyMisspelling(string key, string[] known)
    {
        if (Array.IndexOf(known, key) >= 0)
        {
            return null;
        }

        foreach (var candidate in known)
        {
            var distance = Kailash.Internal.Suggestions.Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance <= 1 || (distance == 2 && candidate.Length >= 8))
            {
                return candidate;
            }
        }

        return null;
    }

    private string DefaultWorkflowId()
    {
        var stem = _diagnostics.SourceName is null ? null : Path.GetFileNameWithoutExtension(_diagnostics.SourceName);
        return string.IsNullOrWhiteSpace(stem) ? "workflow" : stem;
    }
}
