using Kailash.Nodes;
using Kailash.Runtime.Cycles;

namespace Kailash.Runtime.Engine;

/// <summary>The engine's implementation of <see cref="IRunSteps"/>: the pipeline and the one recording path.</summary>
internal sealed class EngineSteps : IRunSteps
{
    public static readonly EngineSteps Instance = new();

    private EngineSteps()
    {
    }

    public ValueTask<NodeResult> ExecuteAsync(RunContext run, PlanNode node, CycleState? cycle) => NodeInvoker.ExecuteAsync(run, node, cycle);

    public NodeResult Fail(RunContext run, PlanNode node, CycleState? cycle, Exception error, int attempts)
        => NodeInvoker.Fail(run, node, cycle, error, attempts, TimeSpan.Zero);

    public NodeResult Record(RunContext run, PlanNode node, NodeResult result, int iteration) => RunRecorder.Record(run, node, result, iteration);

    public void Reinstate(RunContext run, PlanNode node, NodeResult earlier, int iteration) => RunRecorder.Reinstate(run, node, earlier, iteration);

    public void CycleFinished(RunContext run, CyclePlan cycle, CycleReport report)
    {
        run.State.AddCycleReport(report);
        run.Journal?.CycleFinished(run.State, cycle, report);
        run.Services.Analytics.OnCycleFinished(run, cycle, report);
    }
}
