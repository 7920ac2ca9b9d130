using System.Text.Json;
using System.Text.Json.Nodes;
using Kailash.Runtime.Cycles;

namespace Kailash.Runtime.Engine.Persistence;

/// <summary>
/// Writes a <see cref="RunState"/> as JSON and reads it back against the plan of the same workflow
/// (<see cref="RunStateDocument"/>, source-generated <see cref="RunStateJsonContext"/>). Node output values follow
/// <see cref="RunStateValues"/>; errors keep their code, message and type name (<see cref="RestoredNodeException"/>).
/// </summary>
internal static class RunStateSerializer
{
    /// <summary>Writes a run state as UTF-8 JSON. Serialise a paused run's state (or one read in a sequential schedule): a state a concurrent run is still changing is not a snapshot.</summary>
    /// <param name="state">The state.</param>
    /// <param name="plan">The plan of the run's workflow.</param>
    /// <returns>The JSON document.</returns>
    public static byte[] Serialize(RunState state, ExecutionPlan plan)
        => Serialize(state, plan, includeOutputs: true);

    /// <summary>Writes a run state as UTF-8 JSON; without outputs it is a frontier checkpoint (outputs live in the store's node rows).</summary>
    /// <param name="state">The state.</param>
    /// <param name="plan">The plan of the run's workflow.</param>
    /// <param name="includeOutputs">Whether completed results carry their outputs.</param>
    /// <returns>The JSON document.</returns>
    public static byte[] Serialize(RunState state, ExecutionPlan plan, bool includeOutputs)
        => JsonSerializer.SerializeToUtf8Bytes(ToDocument(state, plan, includeOutputs), RunStateJsonContext.Default.RunStateDocument);

    /// <summary>Reads a run state written by <see cref="Serialize(RunState, ExecutionPlan)"/>, checking it against the plan of the workflow it continues with.</summary>
    /// <param name="json">The UTF-8 JSON document.</param>
    /// <param name="plan">The plan of the run's workflow.</param>
    /// <returns>The state, ready for <see cref="ExecutionEngine.ContinueAsync"/>.</returns>
    public static RunState Deserialize(ReadOnlySpan<byte> json, ExecutionPlan plan)
    {
        RunStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, RunStateJsonContext.Default.RunStateDocument);
        }
        catch (JsonException ex)
        {
            throw new KailashException(ErrorCodes.RunStateInvalid, $"The run state is not valid: {ex.Message} Please pass a document written by RunStateSerializer.", null, null, ex);
        }

        if (document is null)
        {
            throw new KailashException(ErrorCodes.RunStateInvalid, "The run state is empty (JSON null). Please pass a document written by RunStateSerializer.");
        }

        return FromDocument(document, plan);
    }

    private static RunStateDocument ToDocument(RunState state, ExecutionPlan plan, bool includeOutputs)
    {
        var nodes = plan.Nodes;
        var results = new NodeResultDocument?[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            if (state.Results[i] is not { } result)
            {
                continue;
            }

            if (includeOutputs && state.MaskedOutputs[i])
            {
                throw new KailashException(
                    ErrorCodes.RunStateHoldsSecret,
                    $"Node '{nodes[i].Id}' produced outputs holding a secret; downstream nodes need the real value, and a run state never stores secrets. Please keep secrets out of node outputs (read them where they are used) for runs that are checkpointed.",
                    nodes[i].Id);
            }

            results[i] = ToDocument(result, includeOutputs && result.Status == NodeStatus.Completed ? WriteOutputs(result.Outputs, nodes[i].Id) : null);
        }

        ErrorDocument?[]? edgeErrors = null;
        for (var e = 0; e < state.EdgeLive.Length; e++)
        {
            if (state.EdgeError(e) is { } error)
            {
                (edgeErrors ??= new ErrorDocument?[state.EdgeLive.Length])[e] = ToError(error, error is KailashException k ? k.Code : ErrorCodes.NodeFailed);
            }
        }

        var cycles = new List<CycleReportDocument>();
        foreach (var report in state.CycleReportsSnapshot()?.Values ?? Enumerable.Empty<CycleReport>())
        {
            cycles.Add(ToDocument(report));
        }

        var marks = state.SkipMarks;
        return new RunStateDocument(
            RunState.SchemaVersion,
            state.RunId,
            state.WorkflowId,
            [.. nodes.Select(n => n.Id)],
            results,
            [.. state.Iterations],
            [.. state.EdgeLive],
            edgeErrors,
            [.. state.CompletedUnits],
            marks is null ? null : [.. marks.LiveInputs],
            marks is null ? null : [.. marks.Pruned],
            [.. cycles],
            state.StepsUsed,
            state.FinishedNodes,
            state.Stopped,
            state.Cancelled);
    }

    private static RunState FromDocument(RunStateDocument document, ExecutionPlan plan)
    {
        if (document.SchemaVersion != RunState.SchemaVersion)
        {
            throw new KailashException(ErrorCodes.RunStateInvalid, $"The run state has schema version {document.SchemaVersion}; this version of Kailash reads version {RunState.SchemaVersion}. Please continue the run with the Kailash version that wrote it.");
        }

        var nodes = plan.Nodes;
        if (document.WorkflowId != plan.Workflow.Id || document.NodeIds.Length != nodes.Length || !document.NodeIds.SequenceEqual(nodes.Select(n => n.Id)))
        {
            throw new KailashException(ErrorCodes.RunStateMismatch, $"The run state of workflow '{document.WorkflowId}' ({document.NodeIds.Length} nodes) does not match workflow '{plan.Workflow.Id}' ({nodes.Length} nodes): a run continues only with the workflow it started with. Please pass the same workflow definition.");
        }

        if (document.Results.Length != nodes.Length || document.Iterations.Length != nodes.Length || document.EdgeLive.Length != plan.EdgeCount || document.CompletedUnits.Length != plan.Units.Length
            || (document.LiveInputs is { } live && live.Length != nodes.Length) || (document.Pruned is { } pruned && pruned.Length != nodes.Length) || (document.EdgeErrors is { } errors && errors.Length != plan.EdgeCount))
        {
            throw new KailashException(ErrorCodes.RunStateMismatch, $"The run state of workflow '{plan.Workflow.Id}' has arrays whose sizes do not match the workflow's plan. Please pass the same workflow definition the run started with.");
        }

        var state = new RunState(plan, document.RunId);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (document.Results[i] is not { } result)
            {
                continue;
            }

            state.Results[i] = FromDocument(result, result.Outputs is { } written ? ReadOutputs(written) : null);
            state.Iterations[i] = document.Iterations[i];
        }

        document.EdgeLive.CopyTo(state.EdgeLive, 0);
        document.CompletedUnits.CopyTo(state.CompletedUnits, 0);
        if (document.EdgeErrors is { } edgeErrors)
        {
            for (var e = 0; e < edgeErrors.Length; e++)
            {
                if (FromError(edgeErrors[e]) is { } error)
                {
                    state.SetEdgeError(e, error);
                }
            }
        }

        var marks = document.LiveInputs is { } liveInputs && document.Pruned is { } prunedMarks ? new SkipMarks(liveInputs, prunedMarks) : null;
        var reports = document.Cycles.Select(FromDocument);
        state.Restore(document.StepsUsed, document.FinishedNodes, document.Stopped, document.Cancelled, marks, reports);
        return state;
    }

    /// <summary>Writes a node's outputs in the stored value form (<see cref="RunStateValues"/>).</summary>
    internal static Dictionary<string, JsonNode?> WriteOutputs(IReadOnlyDictionary<string, object?> outputs, string nodeId)
    {
        var written = new Dictionary<string, JsonNode?>(outputs.Count, StringComparer.Ordinal);
        foreach (var pair in outputs)
        {
            written[pair.Key] = RunStateValues.Write(pair.Value, nodeId, pair.Key);
        }

        return written;
    }

    /// <summary>Reads outputs written by <see cref="WriteOutputs"/>.</summary>
    internal static Dictionary<string, object?> ReadOutputs(Dictionary<string, JsonNode?> written)
    {
        var outputs = new Dictionary<string, object?>(written.Count, StringComparer.Ordinal);
        foreach (var pair in written)
        {
            outputs[pair.Key] = RunStateValues.Read(pair.Value);
        }

        return outputs;
    }

    /// <summary>The stored form of a node result (outputs given separately, already written).</summary>
    internal static NodeResultDocument ToDocument(NodeResult result, Dictionary<string, JsonNode?>? outputs)
        => new(result.Status, outputs, ToError(result.Error, result.ErrorCode), result.SkipReason, result.Attempts, result.Duration.Ticks);

    /// <summary>A node result read back from its stored form.</summary>
    internal static NodeResult FromDocument(NodeResultDocument result, IReadOnlyDictionary<string, object?>? outputs)
        => new(result.Status, outputs, FromError(result.Error), result.SkipReason, result.Attempts, TimeSpan.FromTicks(result.DurationTicks));

    /// <summary>The stored form of a finished cycle's report.</summary>
    internal static CycleReportDocument ToDocument(CycleReport report)
        => new(report.CycleId, report.Iterations, report.Termination, report.Duration.Ticks, ToError(report.Error, report.Error is KailashException k ? k.Code : ErrorCodes.NodeFailed));

    /// <summary>A cycle report read back from its stored form.</summary>
    internal static CycleReport FromDocument(CycleReportDocument report)
        => new(report.CycleId, report.Iterations, report.Termination, TimeSpan.FromTicks(report.DurationTicks)) { Error = FromError(report.Error) };

    internal static ErrorDocument? ToError(Exception? error, string? code)
    {
        if (error is null)
        {
            return null;
        }

        var keyed = error as KailashException;
        var typeName = error is RestoredNodeException restored ? restored.OriginalTypeName : error.GetType().FullName ?? error.GetType().Name;
        return new ErrorDocument(typeName, code ?? ErrorCodes.NodeFailed, error.Message, keyed?.NodeId, keyed?.Port);
    }

    internal static RestoredNodeException? FromError(ErrorDocument? error)
        => error is null ? null : new RestoredNodeException(error.Code, error.Message, error.NodeId, error.Port, error.Type);
}
