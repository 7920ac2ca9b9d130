namespace Kailash.Runtime.Engine;

/// <summary>Runs one unit of a plan: a single node through <see cref="NodeInvoker"/>, or a cycle through the cycles concern.</summary>
internal static class UnitRunner
{
    public static ValueTask RunAsync(RunContext run, PlanUnit unit)
    {
        if (run.Journal is not { } journal)
        {
            return RunCoreAsync(run, unit);
        }

        journal.EnterUnit();
        return journal.AfterUnitAsync(run, unit, RunCoreAsync(run, unit));
    }

    private static ValueTask RunCoreAsync(RunContext run, PlanUnit unit)
    {
        if (unit.Cycle is { } cycle)
        {
            return run.Services.Cycles.RunAsync(run, cycle);
        }

        var pending = NodeInvoker.ExecuteAsync(run, run.Plan.Nodes[unit.NodeIndex]);
        return pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());
    }
}
