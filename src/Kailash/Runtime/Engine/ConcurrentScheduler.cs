using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Starts a unit as soon as every unit it depends on has finished (dependency counting, not level barriers),
/// with at most <see cref="RuntimeOptions.MaxConcurrency"/> units in flight.
/// </summary>
/// <remarks>
/// While exactly one unit is ready and nothing is in flight (a chain), the unit runs inline on the driving thread, so
/// sequential stretches pay no task or channel cost. As soon as two units could overlap, each starts on the thread
/// pool, so independent synchronous (CPU-bound) nodes run in parallel too, not only nodes that really wait.
/// The driver alone owns the ready queue and the dependency counts; units report back through a channel.
/// </remarks>
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

        var ready = new Queue<int>(plan.RootUnits);
        return Drive(run, remaining, ready);
    }

    private static void Release(ExecutionPlan plan, int unit, int[] remaining, Queue<int> ready)
    {
        foreach (var dependent in plan.Units[unit].Dependents)
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

    /// <summary>Runs a unit on the thread pool, so a synchronous node does not hold the driver while other units are ready.</summary>
    private static Task RunOnPool(RunContext run, int unit)
        => Task.Run(() => UnitRunner.RunAsync(run, run.Plan.Units[unit]).AsTask(), CancellationToken.None);

    private ValueTask Drive(RunContext run, int[] remaining, Queue<int> ready)
    {
        // Fast path: run inline while exactly one unit is ready and units complete synchronously.
        while (ready.Count > 0)
        {
            if (ready.Count > 1 && _maxConcurrency > 1)
            {
                return DriveAsync(run, remaining, ready, -1, default);
            }

            var unit = ready.Dequeue();
            var pending = UnitRunner.RunAsync(run, run.Plan.Units[unit]);
            if (!pending.IsCompleted)
            {
                return DriveAsync(run, remaining, ready, unit, pending);
            }

            pending.GetAwaiter().GetResult();
            Release(run.Plan, unit, remaining, ready);
        }

        return default;
    }

    private async ValueTask DriveAsync(RunContext run, int[] remaining, Queue<int> ready, int firstUnit, ValueTask firstPending)
    {
        var done = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        var running = 0;
        var failure = new StrongBox<Exception?>();
        var cancelled = false;
        if (firstUnit >= 0)
        {
            running++;
            _ = Track(firstUnit, firstPending, done.Writer, failure);
        }

        while (true)
        {
            while (ready.Count > 0 && (running < _maxConcurrency || cancelled))
            {
                var unit = ready.Dequeue();
                if ((ready.Count > 0 || running > 0) && !run.CancellationToken.IsCancellationRequested)
                {
                    // Another unit is ready or in flight: overlap them, whether this one is synchronous or not.
                    running++;
                    _ = Track(unit, new ValueTask(RunOnPool(run, unit)), done.Writer, failure);
                    continue;
                }

                var pending = UnitRunner.RunAsync(run, run.Plan.Units[unit]);
                if (pending.IsCompleted)
                {
                    pending.GetAwaiter().GetResult();
                    Release(run.Plan, unit, remaining, ready);
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
                // Wakes on cancellation too: ready units then record themselves cancelled at once (inline, above)
                // instead of after the units in flight; those still record their real outcome before the run ends.
                finished = await done.Reader.ReadAsync(cancelled ? CancellationToken.None : run.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.CancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                continue;
            }

            running--;
            if (failure.Value is null)
            {
                Release(run.Plan, finished, remaining, ready);
            }
        }
    }
}
