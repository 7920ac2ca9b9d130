using System.Collections;
using System.Text.Json;
using Kailash.Hosting;
using Kailash.Hosting.Runs;
using Kailash.Workflows;

namespace Kailash.AspNetCore;

/// <summary>Maps runs and workflows to the API's JSON shapes.</summary>
internal static class RunViews
{
    public static WorkflowView Workflow(Workflow workflow)
        => new(workflow.Id, workflow.Name, workflow.Version, workflow.Description, [.. workflow.Nodes.Select(n => n.Id)]);

    public static RunView Run(TrackedRun run, string prefix, bool withResults = true)
    {
        var links = new RunLinks($"{prefix}/runs/{run.RunId}", $"{prefix}/runs/{run.RunId}/events", $"{prefix}/runs/{run.RunId}/graph");
        var error = run.ErrorCode is null ? null : new RunErrorView(run.ErrorCode, run.ErrorMessage, run.ErrorNodeId);
        var results = withResults && run.Result is { } result
            ? result.Results.ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyDictionary<string, object?>)pair.Value.Outputs.ToDictionary(o => o.Key, o => Safe(o.Value), StringComparer.Ordinal),
                StringComparer.Ordinal)
            : null;
        return new RunView(run.RunId, run.Workflow.Id, run.Status, run.CreatedAt, run.FinishedAt, NodeStatuses(run), results, error, links);
    }

    /// <summary>Every node's status: its result's status, else <c>pending</c> (running run) or <c>not_run</c> (finished run).</summary>
    public static IReadOnlyDictionary<string, string> NodeStatuses(TrackedRun run)
    {
        var known = run.NodeStatuses;
        var finished = run.IsFinished;
        return run.Workflow.Nodes.ToDictionary(
            node => node.Id,
            node => known.TryGetValue(node.Id, out var status) ? RunJson.Snake(status.ToString()) : finished ? "not_run" : "pending",
            StringComparer.Ordinal);
    }

    public static RunEventView Event(RunEventRecord record)
        => new(record.Sequence, record.Type, record.Timestamp, record.NodeId, record.Status, record.Code, record.Message);

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
