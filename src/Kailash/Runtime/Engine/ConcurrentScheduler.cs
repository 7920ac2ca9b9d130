using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Starts a unit as soon as every unit it depends on has finished (dependency counting, not level barriers),
/// with at most <see cref="RuntimeOptions.MaxConcurrency"/> units in flight. Units that complete synchronously are
/// handled inline, so all-sync workflows pay no task or channel cost.
/// </summary>
internal sealed class ConcurrentScheduler : IScheduler
{
    private readonly int _maxConcurrency;

    public ConcurrentScheduler(int maxConcurrency) => _maxConcurrency = maxConcurrency;

    public ValueTask RunAsync(RunContext run)
    {
        var plan = run.Plan;
        var remaining = new int[plan.Units.Length];
        for (var i = 0; i < remaining.Length; i++)
        {
            remaining[i] = plan.Units[i].DependencyCount;
        }

        var completed = run.State.CompletedUnits;
        if (Array.IndexOf(completed, true) < 0)
        {
            return Drive(run, remaining, new Queue<int>(plan.RootUnits));
        }

        // A continued run: the pending counts and the ready set follow from the units already finished.
        for (var i = 0; i < completed.Length; i++)
        {
            if (completed[i])
            {
                foreach (var dependent in plan.Units[i].Dependents)
                {
                    remaining[dependent]--;
                }
            }
        }

        var ready = new Queue<int>();
        for (var i = 0; i < completed.Length; i++)
        {
            if (!completed[i] && remaining[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        return Drive(run, remaining, ready);
    }

    /// <summary>Marks a unit finished and readies its dependents; once the pause hook asked to pause, nothing new is readied.</summary>
    private static void Release(RunContext run, int unit, int[] remaining, Queue<int> ready)
    {
        if (run.Holds(unit))
        {
            // Its node waits for input: the unit stays unfinished and its dependents are never readied.
            return;
        }

        if (run.CompleteUnit(unit))
        {
            ready.Clear();
            return;
        }

        foreach (var dependent in run.Plan.Units[unit].Dependents)
        {
            if (--remaining[dependent] == 0)
            {
                ready.Enqueue(dependent);
            }
        }
    }

    private static async Task Track(int unit, ValueTask pending, ChannelWriter<int> done, StrongBox<Exception?> failure)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Units never fail (failures are results); an exception here is an engine error: keep it for the caller.
            Interlocked.CompareExchange(ref failure.Value, ex, null);
        }
        finally
        {
            done.TryWrite(unit);
        }
    }

    private ValueTask Drive(RunContext run, int[] remaining, Queue<int> ready)
    {
        // Fast path: run inline while units complete synchronously.
        while (ready.Count > 0)
        {
            var unit = ready.Dequeue();
            var pending = UnitRunner.RunAsync(run, run.Plan.Units[unit]);
            if (!pending.IsCompleted)
            {
                return DriveAsync(run, remaining, ready, unit, pending);
            }

            pending.GetAwaiter().GetResult();
            Release(run, unit, remaining, ready);
        }

        return default;
    }

    private async ValueTask DriveAsync(RunContext run, int[] remaining, Queue<int> ready, int firstUnit, ValueTask firstPending)
    {
        var done = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        var running = 1;
        var failure = new StrongBox<Exception?>();
        _ = Track(firstUnit, firstPending, done.Writer, failure);
        while (true)
        {
            while (ready.Count > 0 && running < _maxConcurrency)
            {
                var unit = ready.Dequeue();
                var pending = UnitRunner.RunAsync(run, run.Plan.Units[unit]);
                if (pending.IsCompleted)
                {
                    pending.GetAwaiter().GetResult();
                    Release(run, unit, remaining, ready);
                    continue;
                }

                running++;
                _ = Track(unit, pending, done.Writer, failure);
            }

            if (running == 0)
            {
                if (failure.Value is { } error)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                return;
            }

            var finished = await done.Reader.ReadAsync().ConfigureAwait(false);
            running--;
            if (failure.Value is null)
            {
                Release(run, finished, remaining, ready);
            }
        }
    }
}
