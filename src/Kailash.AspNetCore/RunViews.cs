using System.Collections;
using System.Text.Json;
using Kailash.Durability;
using Kailash.Hosting;
using Kailash.Hosting.Runs;
using Kailash.Workflows;

namespace Kailash.AspNetCore;

/// <summary>Maps runs and workflows to the API's JSON shapes.</summary>
internal static class RunViews
{
    public static WorkflowView Workflow(Workflow workflow)
        => new(workflow.Id, workflow.Name, workflow.Version, workflow.Description, [.. workflow.Nodes.Select(n => n.Id)]);

    /// <summary>A run as the store holds it, with every node's status and (when <paramref name="withResults"/>) the completed nodes' outputs.</summary>
    public static RunView Run(RunSnapshot run, string prefix, bool withResults = true)
    {
        var error = run.Error() is { } failure ? new RunErrorView(failure.Code, failure.Message, failure.NodeId) : null;
        var results = withResults && run.IsFinished
            ? run.Results().ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyDictionary<string, object?>)pair.Value.ToDictionary(o => o.Key, o => Safe(o.Value), StringComparer.Ordinal),
                StringComparer.Ordinal)
            : null;
        return new RunView(run.Run.RunId, run.Run.WorkflowId, run.Status, run.Run.CreatedAt, run.IsFinished ? run.Run.UpdatedAt : null, run.NodeStatuses(), results, error, Links(run.Run.RunId, prefix));
    }

    /// <summary>A run in a list: its record only (no node statuses, results or error detail; GET the run for those).</summary>
    public static RunView Summary(RunRecord run, string prefix)
    {
        var finished = run.Status is DurableRunStatus.Completed or DurableRunStatus.Failed or DurableRunStatus.Cancelled;
        return new RunView(run.RunId, run.WorkflowId, RunJson.Snake(run.Status.ToString()), run.CreatedAt, finished ? run.UpdatedAt : null, null, null, null, Links(run.RunId, prefix));
    }

    private static RunLinks Links(string runId, string prefix)
        => new($"{prefix}/runs/{runId}", $"{prefix}/runs/{runId}/events", $"{prefix}/runs/{runId}/graph");

    /// <summary>A node output as JSON can carry it: plain values as they are, anything else as JSON when it serializes, else as text.</summary>
    private static object? Safe(object? value)
    {
        switch (value)
        {
            case null or string or bool or long or int or double or decimal or float or DateTime or DateTimeOffset or Guid:
                return value;
            case IDictionary<string, object?> map:
                return map.ToDictionary(pair => pair.Key, pair => Safe(pair.Value), StringComparer.Ordinal);
            case IEnumerable sequence and not IDictionary:
                return sequence.Cast<object?>().Select(Safe).ToList();
            default:
                try
                {
                    return JsonSerializer.SerializeToElement(value, value.GetType());
                }
                catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
                {
                    return value.ToString();
                }
        }
    }
}
