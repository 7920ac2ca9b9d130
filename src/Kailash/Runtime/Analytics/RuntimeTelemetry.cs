using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Analytics;

/// <summary>Reports node and run events. With nothing listening it does no work on the hot path.</summary>
internal sealed class RuntimeTelemetry
{
    public void OnNodeFinished(RunContext run, PlanNode node, NodeResult result)
    {
        var finished = run.MarkFinished();
        run.Progress?.Report(new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, node.Id, result.Status, run.Elapsed));
    }

    public void OnRunFinished(RunContext run, WorkflowRunResult result)
    {
        _ = run;
        _ = result;
    }
}
