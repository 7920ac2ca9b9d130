using System.Text.Json;
using System.Text.Json.Nodes;
using Kailash.Durability;
using Kailash.Runtime.Engine.Persistence;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// Rebuilds a stored run's <see cref="RunState"/>: the latest frontier checkpoint, then the node rows committed after it
/// replayed in commit order (results, route decisions, pruning, finished units), outputs filled from the rows that hold
/// them (written once per node and iteration), cycles interrupted mid-iteration given a <see cref="CycleResumePoint"/>,
/// and the attempts of nodes that were running (they run again as attempt + 1).
/// </summary>
internal static class RunRestorer
{
    public static async ValueTask<(RunState State, Dictionary<(int Node, int Iteration), int> Attempts)> RestoreAsync(IRunStore store, ExecutionPlan plan, RuntimeServices services, string runId, bool drifted)
    {
        var checkpoint = await store.GetLatestCheckpointAsync(runId).ConfigureAwait(false);
        var rows = await store.GetNodeExecutionsAsync(runId, 0).ConfigureAwait(false);
        var byKey = new Dictionary<(string Node, int Iteration), NodeExecutionRecord>(rows.Count);
        foreach (var row in rows)
        {
            byKey[(row.NodeId, row.Iteration)] = row;
        }

        RunState? state = null;
        long covered = 0;
        if (checkpoint is not null)
        {
            try
            {
                state = RunStateSerializer.Deserialize(checkpoint.State, plan);
                covered = checkpoint.CommitSeq;
                FillOutputs(state, plan, byKey);
            }
            catch (KailashException) when (drifted)
            {
                // The workflow changed (drift allowed): the checkpoint's arrays no longer fit; replay every row instead.
                state = null;
                covered = 0;
            }
        }

        state ??= new RunState(plan, runId);
        var attempts = new Dictionary<(int Node, int Iteration), int>();
        var cycleRows = new List<NodeExecutionRecord>[plan.Cycles.Length];
        foreach (var row in rows)
        {
            if (row.Status is NodeExecutionStatus.Running or NodeExecutionStatus.Waiting)
            {
                if (plan.IndexById.TryGetValue(row.NodeId, out var open))
                {
                    attempts[(open, row.Iteration)] = row.Attempt;
                }

                continue;
            }

            if (row.CommitSeq <= covered)
            {
                continue;
            }

            if (row.NodeId.StartsWith(RunJournal.CyclePrefix, StringComparison.Ordinal))
            {
                ReplayCycleEnd(state, plan, services, row, byKey);
                continue;
            }

            if (!plan.IndexById.TryGetValue(row.NodeId, out var index))
            {
                continue;
            }

            var node = plan.Nodes[index];
            if (plan.Units[node.UnitIndex].Cycle is { } cycle)
            {
                (cycleRows[cycle.Index] ??= []).Add(row);
                continue;
            }

            var document = ReadRow(row);
            var result = ToResult(document.Result, row);
            RunRecorder.Replay(plan, services, state, node, result, row.Iteration);
            state.MaskedOutputs[index] = document.Masked;
            Count(state, result);
            state.MarkFinished(isSynchronous: true);
            if (result.Status == NodeStatus.Failed && services.Options.ErrorPolicy == ErrorPolicy.Stop)
            {
                state.Stop();
            }

            state.CompletedUnits[node.UnitIndex] = true;
        }

        for (var c = 0; c < plan.Cycles.Length; c++)
        {
            var cycle = plan.Cycles[c];
            if (cycleRows[c] is { } memberRows && !state.CompletedUnits[plan.Nodes[cycle.Members[0]].UnitIndex])
            {
                ResumeCycle(state, plan, services, cycle, memberRows);
            }
        }

        CheckMaskedOutputs(state, plan);
        return (state, attempts);
    }

    private static void FillOutputs(RunState state, ExecutionPlan plan, Dictionary<(string Node, int Iteration), NodeExecutionRecord> rows)
    {
        for (var i = 0; i < plan.Nodes.Length; i++)
        {
            if (state.Results[i] is { Status: NodeStatus.Completed } result && rows.TryGetValue((plan.Nodes[i].Id, state.Iterations[i]), out var row))
            {
                state.Results[i] = RunStateSerializer.FromDocument(RunStateSerializer.ToDocument(result, null), ReadOutputs(row));
                state.MaskedOutputs[i] = ReadRow(row).Masked;
            }
        }
    }

    /// <summary>A cycle's closing row: its members' final results (outputs from their rows), its report, its unit finished.</summary>
    private static void ReplayCycleEnd(RunState state, ExecutionPlan plan, RuntimeServices services, NodeExecutionRecord row, Dictionary<(string Node, int Iteration), NodeExecutionRecord> rows)
    {
        var cycleId = row.NodeId[RunJournal.CyclePrefix.Length..];
        var cycle = Array.Find(plan.Cycles, c => c.CycleId == cycleId);
        var document = ReadRow(row);
        if (cycle is null || document.Members is null || document.Cycle is null)
        {
            return;
        }

        foreach (var member in document.Members)
        {
            if (!plan.IndexById.TryGetValue(member.NodeId, out var index))
            {
                continue;
            }

            var outputs = member.Result.Status == NodeStatus.Completed && rows.TryGetValue((member.NodeId, member.Iteration), out var source) ? ReadOutputs(source) : null;
            RunRecorder.Replay(plan, services, state, plan.Nodes[index], RunStateSerializer.FromDocument(member.Result, outputs), member.Iteration);
            state.MarkFinished(isSynchronous: true);
        }

        state.AddCycleReport(RunStateSerializer.FromDocument(document.Cycle));
        state.CompletedUnits[plan.Nodes[cycle.Members[0]].UnitIndex] = true;
    }

    /// <summary>A cycle interrupted mid-iteration: its members' latest results go back into the state, and the cycle goes on after the last one recorded.</summary>
    private static void ResumeCycle(RunState state, ExecutionPlan plan, RuntimeServices services, CyclePlan cycle, List<NodeExecutionRecord> rows)
    {
        var members = cycle.Members;
        var latest = new NodeResult?[members.Length];
        var latestIteration = new int[members.Length];
        var lastCompleted = new NodeResult?[members.Length];
        var lastIteration = new int[members.Length];
        var iteration = 0;
        foreach (var row in rows)
        {
            var m = Array.IndexOf(members, plan.IndexById[row.NodeId]);
            var result = ToResult(ReadRow(row).Result, row);
            Count(state, result);
            iteration = Math.Max(iteration, row.Iteration);
            if (row.Iteration >= latestIteration[m])
            {
                latest[m] = result;
                latestIteration[m] = row.Iteration;
            }

            if (result.Status == NodeStatus.Completed && row.Iteration >= lastIteration[m])
            {
                lastCompleted[m] = result;
                lastIteration[m] = row.Iteration;
            }
        }

        var position = -1;
        var anyRan = false;
        for (var m = 0; m < members.Length; m++)
        {
            if (latest[m] is { } result)
            {
                RunRecorder.Replay(plan, services, state, plan.Nodes[members[m]], result, latestIteration[m]);
            }

            if (latestIteration[m] == iteration)
            {
                position = m;
                anyRan |= latest[m]!.Status == NodeStatus.Completed;
            }
        }

        state.SetCycleResume(cycle.Index, new CycleResumePoint(iteration, position, latest[position]!, lastCompleted, lastIteration, anyRan));
    }

    /// <summary>A masked output (it held a secret, so the store has the masked value) cannot feed a node still to run.</summary>
    private static void CheckMaskedOutputs(RunState state, ExecutionPlan plan)
    {
        for (var i = 0; i < plan.Nodes.Length; i++)
        {
            if (!state.MaskedOutputs[i] || state.Results[i] is not { Status: NodeStatus.Completed })
            {
                continue;
            }

            foreach (var dependent in plan.Nodes[i].Dependents)
            {
                var target = plan.Nodes[dependent];
                if (!state.CompletedUnits[target.UnitIndex])
                {
                    throw new KailashException(
                        ErrorCodes.ResumeNeedsSecretOutputs,
                        $"Run '{state.RunId}' cannot be resumed: node '{plan.Nodes[i].Id}' produced outputs holding a secret, the store keeps them masked (secrets are never stored), and node '{target.Id}' still needs them. Please keep secrets out of node outputs (read them where they are used) for durable runs.",
                        plan.Nodes[i].Id);
                }
            }
        }
    }

    private static void Count(RunState state, NodeResult result)
    {
        if (result.Status is NodeStatus.Completed or NodeStatus.Failed && result.Attempts > 0)
        {
            state.TakeStep(isSynchronous: true);
        }
    }

    private static NodeResult ToResult(NodeResultDocument document, NodeExecutionRecord row)
        => RunStateSerializer.FromDocument(document, document.Status == NodeStatus.Completed ? ReadOutputs(row) : null);

    /// <summary>Reads a node row's stored result state (status, error, cycle report).</summary>
    internal static NodeRowDocument ReadRow(NodeExecutionRecord row)
        => Read(row.State, RunStateJsonContext.Default.NodeRowDocument, row)
            ?? throw Unreadable(row, "it has no result state");

    /// <summary>Reads a node row's stored outputs.</summary>
    internal static Dictionary<string, object?>? ReadOutputs(NodeExecutionRecord row)
        => row.Outputs is null ? null : RunStateSerializer.ReadOutputs(Read(row.Outputs, RunStateJsonContext.Default.DictionaryStringJsonNode, row) ?? []);

    private static T? Read<T>(byte[]? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, NodeExecutionRecord row)
    {
        if (json is null)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException ex)
        {
            throw Unreadable(row, ex.Message);
        }
    }

    private static RunStoreException Unreadable(NodeExecutionRecord row, string why)
        => new(ErrorCodes.RunStateUnreadable, $"The stored result of node '{row.NodeId}' (iteration {row.Iteration}) of run '{row.RunId}' cannot be read: {why}. The store was damaged or written by an incompatible version.");
}
