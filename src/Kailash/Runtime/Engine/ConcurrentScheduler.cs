using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Starts a unit as soon as every unit it depends on has finished (dependency counting, not level barriers),
/// with at most <see cref="RuntimeOptions.MaxConcurrency"/> units in flight. Units that complete synchronously are
/// handled inline, so all-sync workflows pay no task or channel cost. With
/// <see cref="RuntimeOptions.MaxParallelSyncNodes"/> set, a synchronous node that has company (another unit ready or
/// running) starts on a thread-pool thread instead, at most that many at once; one that is alone still runs inline.
/// </summary>
internal sealed class ConcurrentScheduler : IScheduler
{
    private readonly int _maxConcurrency;
    private readonly int _maxParallelSync;

    public ConcurrentScheduler(int maxConcurrency, int maxParallelSync = 0)
    {
        _maxConcurrency = maxConcurrency;
        _maxParallelSync = maxParallelSync;
    }

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

    /// <summary>Whether a unit is a single synchronous node (not a cycle, not an <see cref="Nodes.AsyncNode"/>): only those move to a thread-pool thread.</summary>
    private static bool IsSyncNode(RunContext run, PlanUnit unit)
        => unit.Cycle is null && run.Plan.Nodes[unit.NodeIndex].Node is not Nodes.AsyncNode;

    /// <summary>Runs a synchronous node's unit on a thread-pool thread (the run goes on scheduling meanwhile).</summary>
    private static ValueTask Offload(RunContext run, PlanUnit unit)
        => new(Task.Run(() => UnitRunner.RunAsync(run, unit).AsTask(), CancellationToken.None));

    private static async Task Track(Finished unit, ValueTask pending, ChannelWriter<Finished> done, StrongBox<Exception?> failure)
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

    /// <summary>Whether the next ready unit should start on a thread-pool thread: a synchronous node with company, while parallel sync nodes are on.</summary>
    private bool ShouldOffload(RunContext run, PlanUnit unit, int othersReady, int running)
        => _maxParallelSync > 0 && (othersReady > 0 || running > 0) && IsSyncNode(run, unit);

    private ValueTask Drive(RunContext run, int[] remaining, Queue<int> ready)
    {
        // Fast path: run inline while units complete synchronously.
        while (ready.Count > 0)
        {
            var unit = ready.Dequeue();
            var planUnit = run.Plan.Units[unit];
            if (ShouldOffload(run, planUnit, ready.Count, 0))
            {
                return DriveAsync(run, remaining, ready, new Finished(unit, true), Offload(run, planUnit));
            }

            var pending = UnitRunner.RunAsync(run, planUnit);
            if (!pending.IsCompleted)
            {
                return DriveAsync(run, remaining, ready, new Finished(unit, false), pending);
            }

            pending.GetAwaiter().GetResult();
            Release(run, unit, remaining, ready);
        }

        return default;
    }

    private async ValueTask DriveAsync(RunContext run, int[] remaining, Queue<int> ready, Finished first, ValueTask firstPending)
    {
        // Synchronous continuations: the scheduler wakes on the thread that finished a unit (or cancelled the run), never
        // waiting for a pool thread — abandoned nodes that block may be holding all of them.
        var done = Channel.CreateUnbounded<Finished>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
        var running = 1;
        var offloaded = first.Offloaded ? 1 : 0;
        var failure = new StrongBox<Exception?>();

        // The wait takes the run's token: at cancellation the units still queued are started at once, which records them
        // cancelled (their events go out now, not when a running unit happens to finish). Units already running are still
        // awaited, so no result is lost: they end by themselves — cooperatively, or abandoned at a deadline (NodeAbandonment).
        var wake = run.CancellationToken;
        _ = Track(first, firstPending, done.Writer, failure);
        while (true)
        {
            // A cancelled run starts its queued units past the limit: each records itself cancelled without running.
            while (ready.Count > 0 && (running < _maxConcurrency || run.IsCancelled))
            {
                var unit = ready.Peek();
                var planUnit = run.Plan.Units[unit];
                if (ShouldOffload(run, planUnit, ready.Count - 1, running))
                {
                    if (offloaded >= _maxParallelSync)
                    {
                        // As many synchronous nodes run as allowed: this one waits (in order) for one of them to finish.
                        break;
                    }

                    ready.Dequeue();
                    running++;
                    offloaded++;
                    _ = Track(new Finished(unit, true), Offload(run, planUnit), done.Writer, failure);
                    continue;
                }

                ready.Dequeue();
                var pending = UnitRunner.RunAsync(run, planUnit);
                if (pending.IsCompleted)
                {
                    pending.GetAwaiter().GetResult();
                    Release(run, unit, remaining, ready);
                    continue;
                }

                running++;
                _ = Track(new Finished(unit, false), pending, done.Writer, failure);
            }

            if (running == 0)
            {
                if (failure.Value is { } error)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                return;
            }

            Finished finished;
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
            offloaded -= finished.Offloaded ? 1 : 0;
            if (failure.Value is null)
            {
                Release(run, finished.Unit, remaining, ready);
            }
        }
    }

    /// <summary>A unit that finished off the driving thread, and whether it was a synchronous node moved to the thread pool.</summary>
    private readonly record struct Finished(int Unit, bool Offloaded);
}
