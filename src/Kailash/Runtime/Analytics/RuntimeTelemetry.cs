using Kailash.Runtime.Cycles;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Analytics;

/// <summary>Reports node and run events. With nothing listening it does no work on the hot path.</summary>
internal sealed class RuntimeTelemetry
{
    public void OnNodeFinished(RunContext run, PlanNode node, NodeResult result)
    {
        // A cycle member finishes once per iteration; it counts towards progress once, when its cycle ends.
        var finished = run.Plan.Units[node.UnitIndex].Cycle is null ? run.MarkFinished() : run.FinishedNodes;
        run.Progress?.Report(new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, node.Id, result.Status, run.Elapsed));
    }

    public void OnCycleFinished(RunContext run, CyclePlan cycle, CycleReport report)
    {
        _ = report;
        var finished = 0;
        for (var i = 0; i < cycle.Members.Length; i++)
        {
            finished = run.MarkFinished();
        }

        if (run.Progress is { } progress)
        {
            var last = run.Plan.Nodes[cycle.Members[^1]];
            var status = run.Results[last.Index]?.Status ?? NodeStatus.Skipped;
            progress.Report(new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, last.Id, status, run.Elapsed));
        }
    }

    public void OnRunFinished(RunContext run, WorkflowRunResult result)
    {
        _ = run;
        _ = result;
    }
}
