using System.Diagnostics;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The one path by which a node result enters a run — nodes, skips, cancellations and cycle failures alike: decide
/// the route of every outgoing edge on the raw outputs (<see cref="Liveness"/>), let the conditional concern prune,
/// mask secrets (parameters concern), store the result in <see cref="RunState"/>, publish its event (<see cref="RunEvents"/>),
/// queue it with its events for the run store (durable runs, <see cref="Durable.RunJournal"/>), and report it (analytics concern).
/// </summary>
internal static class RunRecorder
{
    public static NodeResult Record(RunContext run, PlanNode node, NodeResult result, int iteration = 0, Activity? activity = null)
    {
        var state = run.State;
        Liveness.Decide(state, node, result, result.Outputs);
        if (result.Status == NodeStatus.Completed)
        {
            run.Services.Conditional.OnCompleted(run, node);
        }

        var recorded = Parameters.ParameterBinder.Redact(run, node, result);
        if (result.Status == NodeStatus.Completed)
        {
            state.MaskedOutputs[node.Index] = !ReferenceEquals(recorded.Outputs, result.Outputs);
        }

        else if (result.Status == NodeStatus.Cancelled)
        {
            state.Cancel();
        }

        result = recorded;
        state.Results[node.Index] = result;
        state.Iterations[node.Index] = iteration;
        run.Events?.NodeRecorded(node, result, iteration);
        run.Journal?.Record(node, result, iteration, state.MaskedOutputs[node.Index]);
        run.Services.Analytics.OnNodeFinished(run, node, result, activity);
        return result;
    }

    /// <summary>
    /// Applies a result read back from a run store (a resumed durable run): the same route decision and pruning as when it
    /// was recorded, without masking, events or a new store write.
    /// </summary>
    public static void Replay(ExecutionPlan plan, RuntimeServices services, RunState state, PlanNode node, NodeResult result, int iteration)
    {
        Liveness.Decide(state, node, result, result.Outputs);
        if (result.Status == NodeStatus.Completed)
        {
            services.Conditional.OnCompleted(plan, state, node);
        }

        state.Results[node.Index] = result;
        state.Iterations[node.Index] = iteration;
    }

    /// <summary>
    /// Puts back a result recorded earlier (a cycle member skipped in its cycle's last iteration keeps the outputs of the
    /// iteration in which it last ran). Not a new result: no event is raised, and its edges carry what they carried then.
    /// </summary>
    public static void Reinstate(RunContext run, PlanNode node, NodeResult earlier, int iteration)
    {
        var state = run.State;
        var raw = run.Parameters.Secrets?.RawOutputs(node.Index) ?? earlier.Outputs;
        Liveness.Decide(state, node, earlier, raw);
        state.Results[node.Index] = earlier;
        state.Iterations[node.Index] = iteration;
    }
}
