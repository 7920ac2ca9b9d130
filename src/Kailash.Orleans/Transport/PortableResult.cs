using System.Text.Json.Nodes;
using Kailash.Orleans.Grains;
using Kailash.Runtime;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Engine.Persistence;
using Kailash.Workflows;

namespace Kailash.Orleans.Transport;

/// <summary>
/// A run's result as it crosses from the run grain to the client: every node's status, outputs (<see cref="PortableValues"/>),
/// error (code, message, node, port, original type name — read back as a <see cref="RestoredNodeException"/>), skip reason,
/// attempts and duration, plus the cycle reports.
/// </summary>
internal static class PortableResult
{
    public static string Write(WorkflowRunResult result)
    {
        var nodes = new JsonObject();
        foreach (var (id, node) in result.Results)
        {
            var entry = new JsonObject
            {
                ["status"] = node.Status.ToString(),
                ["skip"] = node.SkipReason.ToString(),
                ["attempts"] = node.Attempts,
                ["duration_ticks"] = node.Duration.Ticks,
            };
            if (node.Status == NodeStatus.Completed)
            {
                entry["outputs"] = PortableValues.WriteNode(node.Outputs, id, "output");
            }

            if (node.Error is { } error)
            {
                entry["error"] = WriteError(ToError(error, node.ErrorCode));
            }

            nodes[id] = entry;
        }

        var cycles = new JsonArray();
        foreach (var cycle in result.Cycles.Values)
        {
            cycles.Add(new JsonObject
            {
                ["cycle_id"] = cycle.CycleId,
                ["iterations"] = cycle.Iterations,
                ["termination"] = cycle.Termination.ToString(),
                ["duration_ticks"] = cycle.Duration.Ticks,
                ["error"] = cycle.Error is { } error ? WriteError(ToError(error, null)) : null,
            });
        }

        return new JsonObject
        {
            ["run_id"] = result.RunId,
            ["workflow_id"] = result.WorkflowId,
            ["status"] = result.Status.ToString(),
            ["duration_ticks"] = result.Duration.Ticks,
            ["user"] = PortableValues.WriteUser(result.User),
            ["results"] = nodes,
            ["cycles"] = cycles,
        }.ToJsonString();
    }

    public static WorkflowRunResult Read(string json, Workflow? workflow = null)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        var results = new Dictionary<string, NodeResult>(StringComparer.Ordinal);
        foreach (var (id, value) in document["results"]!.AsObject())
        {
            var entry = value!.AsObject();
            results[id] = new NodeResult(
                Enum.Parse<NodeStatus>(entry["status"]!.GetValue<string>()),
                entry["outputs"] is { } outputs ? PortableValues.ReadNode(outputs) : null,
                ReadError(entry["error"]),
                Enum.Parse<SkipReason>(entry["skip"]!.GetValue<string>()),
                entry["attempts"]!.GetValue<int>(),
                TimeSpan.FromTicks(entry["duration_ticks"]!.GetValue<long>()));
        }

        var cycles = new Dictionary<string, CycleReport>(StringComparer.Ordinal);
        foreach (var value in document["cycles"]!.AsArray())
        {
            var cycle = value!.AsObject();
            var id = cycle["cycle_id"]!.GetValue<string>();
            cycles[id] = new CycleReport(id, cycle["iterations"]!.GetValue<int>(), Enum.Parse<CycleTermination>(cycle["termination"]!.GetValue<string>()), TimeSpan.FromTicks(cycle["duration_ticks"]!.GetValue<long>()))
            {
                Error = ReadError(cycle["error"]),
            };
        }

        return new WorkflowRunResult(
            document["run_id"]!.GetValue<string>(),
            document["workflow_id"]!.GetValue<string>(),
            Enum.Parse<WorkflowRunStatus>(document["status"]!.GetValue<string>()),
            results,
            TimeSpan.FromTicks(document["duration_ticks"]!.GetValue<long>()),
            cycles)
        {
            User = PortableValues.ReadUser(document["user"]?.GetValue<string>()),
            Workflow = workflow,
        };
    }

    /// <summary>An exception as it crosses silos: a restored error keeps the type name it was restored from.</summary>
    public static PortableError ToError(Exception error, string? code)
    {
        var keyed = error as KailashException;
        var typeName = error is RestoredNodeException restored ? restored.OriginalTypeName : error.GetType().FullName ?? error.GetType().Name;
        return new PortableError(code ?? keyed?.Code ?? ErrorCodes.NodeFailed, error.Message, keyed?.NodeId, keyed?.Port, typeName);
    }

    public static RestoredNodeException FromError(PortableError error)
        => new(error.Code, error.Message, error.NodeId, error.Port, error.TypeName);

    private static JsonObject WriteError(PortableError error) => new()
    {
        ["code"] = error.Code,
        ["message"] = error.Message,
        ["node_id"] = error.NodeId,
        ["port"] = error.Port,
        ["type"] = error.TypeName,
    };

    private static RestoredNodeException? ReadError(JsonNode? node)
        => node is JsonObject error
            ? FromError(new PortableError(error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>(), error["node_id"]?.GetValue<string>(), error["port"]?.GetValue<string>(), error["type"]!.GetValue<string>()))
            : null;
}
