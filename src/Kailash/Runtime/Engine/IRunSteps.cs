using Kailash.Nodes;
using Kailash.Runtime.Cycles;

namespace Kailash.Runtime.Engine;

/// <summary>
/// What the engine lets a concern that drives nodes itself (the cycles concern) do: run a node through the per-node
/// pipeline, and record results and finished cycles through the engine's one recording path. Handed to concerns as
/// <see cref="RuntimeServices.Steps"/>, so they never call the engine's implementation.
/// </summary>
internal interface IRunSteps
{
    /// <summary>Runs one node through the pipeline (skip decision, binding, invocation, recording).</summary>
    ValueTask<NodeResult> ExecuteAsync(RunContext run, PlanNode node, CycleState? cycle);

    /// <summary>Records a failure that did not come from invoking the node (a cycle-level error held by a member).</summary>
    NodeResult Fail(RunContext run, PlanNode node, CycleState? cycle, Exception error, int attempts);

    /// <summary>Records a result through the one recording path.</summary>
    NodeResult Record(RunContext run, PlanNode node, NodeResult result, int iteration);

    /// <summary>Puts back a result recorded earlier (no new event).</summary>
    void Reinstate(RunContext run, PlanNode node, NodeResult earlier, int iteration);

    /// <summary>Stores a finished cycle's report in the run state and reports it.</summary>
    void CycleFinished(RunContext run, CyclePlan cycle, CycleReport report);
}
