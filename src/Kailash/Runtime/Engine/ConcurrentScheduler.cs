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
        // Synchronous continuations: the scheduler wakes on the thread that finished a unit (or cancelled the run), never
        // waiting for a pool thread — abandoned nodes that block may be holding all of them.
        var done = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
        var running = 1;
        var failure = new StrongBox<Exception?>();

        // The wait takes the run's token: at cancellation the units still queued are started at once, which records them
        // cancelled (their events go out now, not when a running unit happens to finish). Units already running are still
        // awaited, so no result is lost: they end by themselves — cooperatively, or abandoned at a deadline (NodeAbandonment).
        var wake = run.CancellationToken;
        _ = Track(firstUnit, firstPending, done.Writer, failure);
        while (true)
        {
            // A cancelled run starts its queued units past the limit: each records itself cancelled without running.
            while (ready.Count > 0 && (running < _maxConcurrency || run.IsCancelled))
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

            int finished;
            try
            {
                finished = await done.Reader.ReadAsync(wake).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (wake.IsCancellationRequested)
            {
                wake = CancellationToken.None;
                continue;
            }

            running--;
            if (failure.Value is null)
            {
                Release(run, finished, remaining, ready);
            }
        }
    }
}
