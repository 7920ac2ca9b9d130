using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Cycles;

/// <summary>Runs a cycle unit: iterations of its members in order, until a termination rule holds.</summary>
internal sealed class CycleCoordinator
{
    /// <summary>The iteration limit used when a cycle declares none.</summary>
    public const int DefaultMaxIterations = 100;

    public async ValueTask RunAsync(RunContext run, CyclePlan cycle)
    {
        var start = run.Elapsed;
        var max = cycle.Specs.Count > 0 && cycle.Specs[0].MaxIterations is { } declared ? declared : DefaultMaxIterations;
        var iteration = 0;
        var termination = CycleTermination.MaxIterations;
        while (iteration < max)
        {
            iteration++;
            foreach (var member in cycle.Members)
            {
                var node = run.Plan.Nodes[member];
                var previous = run.Results[member];
                var state = new CycleState(cycle.CycleId, iteration, run.Elapsed - start, previous?.Status == NodeStatus.Completed ? previous.Outputs : null);
                var pending = NodeInvoker.ExecuteAsync(run, node, state);
                var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                if (result.Status is NodeStatus.Failed or NodeStatus.Cancelled)
                {
                    termination = CycleTermination.Failed;
                    run.AddCycleReport(new CycleReport(cycle.CycleId, iteration, termination, run.Elapsed - start));
                    return;
                }
            }
        }

        run.AddCycleReport(new CycleReport(cycle.CycleId, iteration, termination, run.Elapsed - start));
    }
}
