namespace Kailash.Runtime.Engine;

/// <summary>Runs units one after another in plan order. Always used by the sync runtime.</summary>
internal sealed class SequentialScheduler : IScheduler
{
    public static readonly SequentialScheduler Instance = new();

    public ValueTask RunAsync(RunContext run)
    {
        var units = run.Plan.Units;
        for (var i = 0; i < units.Length; i++)
        {
            var pending = UnitRunner.RunAsync(run, units[i]);
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(run, pending, i + 1);
            }
        }

        return default;
    }

    private static async ValueTask ContinueAsync(RunContext run, ValueTask pending, int next)
    {
        await pending.ConfigureAwait(false);
        var units = run.Plan.Units;
        for (var i = next; i < units.Length; i++)
        {
            await UnitRunner.RunAsync(run, units[i]).ConfigureAwait(false);
        }
    }
}
