using Kailash.Durability;
using Kailash.Runtime.Engine.Durable;
using Kailash.Workflows;

namespace Kailash.Hosting.Runs;

/// <summary>
/// A run as the run store holds it at one moment: its record, its node executions and the workflow it ran (when known),
/// with what the HTTP API shows derived from them (status, each node's status, outputs, why it failed).
/// </summary>
/// <param name="Run">The stored run.</param>
/// <param name="Executions">Its node executions (one per node and iteration).</param>
/// <param name="Workflow">The workflow it ran, or <see langword="null"/> when this server cannot load it.</param>
/// <param name="IsLocal">Whether it is running in this process (so it can be cancelled here).</param>
internal sealed record RunSnapshot(RunRecord Run, IReadOnlyList<NodeExecutionRecord> Executions, Workflow? Workflow, bool IsLocal)
{
    /// <summary>Gets a value indicating whether the run has ended (completed, failed or cancelled); a suspended run has not.</summary>
    public bool IsFinished => Run.Status is DurableRunStatus.Completed or DurableRunStatus.Failed or DurableRunStatus.Cancelled;

    /// <summary>Gets the status: running, suspended, completed, completed_with_errors (a node failed, the run went on), failed or cancelled.</summary>
    public string Status => Run.Status == DurableRunStatus.Completed && Latest().Any(row => row.Status == NodeExecutionStatus.Failed)
        ? "completed_with_errors"
        : RunJson.Snake(Run.Status.ToString());

    /// <summary>Gets every node's status: its latest execution's, else <c>pending</c> (run not ended) or <c>not_run</c> (ended).</summary>
    public IReadOnlyDictionary<string, string> NodeStatuses()
    {
        var latest = Latest().ToDictionary(row => row.NodeId, row => RunJson.Snake(row.Status.ToString()), StringComparer.Ordinal);
        if (Workflow is null)
        {
            return latest;
        }

        return Workflow.Nodes.ToDictionary(
            node => node.Id,
            node => latest.TryGetValue(node.Id, out var status) ? status : IsFinished ? "not_run" : "pending",
            StringComparer.Ordinal);
    }

    /// <summary>Gets the outputs of every completed node (its latest execution), in the stored value form read back.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Results()
    {
        var results = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var row in Latest())
        {
            if (row.Status == NodeExecutionStatus.Completed && Read(() => RunRestorer.ReadOutputs(row)) is { } outputs)
            {
                results[row.NodeId] = outputs;
            }
        }

        return results;
    }

    /// <summary>Gets why the run failed or was cancelled (code, message, node), or <see langword="null"/>.</summary>
    public (string Code, string? Message, string? NodeId)? Error()
    {
        if (Run.Status == DurableRunStatus.Cancelled)
        {
            return (ErrorCodes.Cancelled, Run.Error ?? "The run was cancelled.", null);
        }

        foreach (var row in Latest())
        {
            if (row.Status == NodeExecutionStatus.Failed)
            {
                var error = Read(() => RunRestorer.ReadRow(row))?.Result.Error;
                if (Run.Status == DurableRunStatus.Failed || error is not null)
                {
                    return (error?.Code ?? ErrorCodes.NodeFailed, error?.Message ?? row.Error, row.NodeId);
                }
            }
        }

        if (Run.Status != DurableRunStatus.Failed)
        {
            return null;
        }

        // Failed without a failed node (refused or aborted at run level): the message starts with its code when it has one.
        var message = Run.Error;
        var code = message is { Length: > 7 } && message.StartsWith("KWF", StringComparison.Ordinal) && message[6] == ':' ? message[..6] : ErrorCodes.NodeFailed;
        return (code, message, null);
    }

    /// <summary>The latest execution of each node (highest iteration), in the order the store returned them.</summary>
    private Dictionary<string, NodeExecutionRecord>.ValueCollection Latest()
    {
        var latest = new Dictionary<string, NodeExecutionRecord>(StringComparer.Ordinal);
        foreach (var row in Executions)
        {
            if (!latest.TryGetValue(row.NodeId, out var seen) || row.Iteration >= seen.Iteration)
            {
                latest[row.NodeId] = row;
            }
        }

        return latest.Values;
    }

    private static T? Read<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (KailashException)
        {
            // A row this version cannot read: shown without its outputs or error detail.
            return null;
        }
    }
}
