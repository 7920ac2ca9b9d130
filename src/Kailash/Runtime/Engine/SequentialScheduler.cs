namespace Kailash.Runtime.Engine;

/// <summary>Runs units one after another in plan order, skipping units a continued run already finished. Always used by the sync runtime.</summary>
internal sealed class SequentialScheduler : IScheduler
{
    public static readonly SequentialScheduler Instance = new();

    public ValueTask RunAsync(RunContext run)
    {
        var units = run.Plan.Units;
        var completed = run.State.CompletedUnits;
        for (var i = 0; i < units.Length; i++)
        {
            if (completed[i] || run.Holds(i))
            {
                continue;
            }

            var pending = UnitRunner.RunAsync(run, units[i]);
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(run, pending, i);
            }

            if (run.Holds(i))
            {
                continue;
            }

            if (run.CompleteUnit(i))
            {
                return default;
            }
        }

        return default;
    }

    private static async ValueTask ContinueAsync(RunContext run, ValueTask pending, int current)
    {
        await pending.ConfigureAwait(false);
        if (!run.Holds(current) && run.CompleteUnit(current))
        {
            return;
        }

        var units = run.Plan.Units;
        var completed = run.State.CompletedUnits;
        for (var i = current + 1; i < units.Length; i++)
        {
            if (completed[i] || run.Holds(i))
            {
                continue;
            }

            await UnitRunner.RunAsync(run, units[i]).ConfigureAwait(false);
            if (!run.Holds(i) && run.CompleteUnit(i))
            {
                return;
            }
        }
    }
}
