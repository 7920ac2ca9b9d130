using System.Collections.Concurrent;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Hosting.Runs;

/// <summary>
/// The workflow a stored run ran: the served workflow of that id when its fingerprint matches the run's, else the
/// definition stored with the run (loaded once per fingerprint with the container's node registry), else none.
/// </summary>
internal sealed class StoredWorkflows(WorkflowCatalog catalog, NodeRegistry registry)
{
    private readonly ConcurrentDictionary<string, string> _servedFingerprints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Workflow?> _definitions = new(StringComparer.Ordinal);

    public Workflow? For(RunRecord run)
    {
        if (catalog.TryGet(run.WorkflowId, out var served) && _servedFingerprints.GetOrAdd(run.WorkflowId, _ => WorkflowFingerprint.Compute(served)) == run.Fingerprint)
        {
            return served;
        }

        return run.Definition is { } definition ? _definitions.GetOrAdd(run.Fingerprint, _ => Load(definition, run.WorkflowId)) : null;
    }

    private Workflow? Load(string definition, string workflowId)
    {
        try
        {
            return WorkflowSerializer.LoadJson(definition, registry, workflowId);
        }
        catch (Exception e) when (e is KailashException or WorkflowValidationException)
        {
            // A run recorded by another program whose nodes this server does not have: shown without its graph.
            return null;
        }
    }
}
