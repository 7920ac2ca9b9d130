using System.Runtime.CompilerServices;
using Kailash.Durability;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Events;

namespace Kailash.Runtime;

/// <summary>Watching a run by id: its stored events, then its live ones.</summary>
public abstract partial class BaseRuntime
{
    /// <summary>How often a watcher reads the store for a run that is not running in this process.</summary>
    public static readonly TimeSpan WatchPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Yields a run's events from <see cref="RuntimeOptions.RunStore"/>: first the stored ones after
    /// <paramref name="fromSeq"/> in sequence order, then — when the run is running in this runtime — its live events, with
    /// no gap and no duplicate across the switch; a run running elsewhere is followed by reading the store every
    /// <see cref="WatchPollInterval"/>. Input requests still pending are announced first (from the stored request, with
    /// <c>Seq</c> 0; their numbered <see cref="RequestInput"/> events are then not repeated), so a new watcher never
    /// misses a question. The sequence ends after the run's end event (<see cref="RunCompleted"/>,
    /// <see cref="RunFailed"/>, <see cref="RunCancelled"/> or <see cref="RunSuspended"/>), or at once for a run that
    /// ended earlier and has nothing after <paramref name="fromSeq"/>.
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="fromSeq">The last sequence number already seen (0: from the start).</param>
    /// <param name="cancellationToken">Stops watching (the run goes on).</param>
    /// <returns>The run's events.</returns>
    /// <exception cref="KailashException">No run store (<c>KWF170</c>), unknown run (<c>KWF124</c>), or stored events missing (<c>KWF171</c>).</exception>
    public async IAsyncEnumerable<RunEvent> WatchAsync(string runId, long fromSeq = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var store = Options.RunStore ?? throw new KailashException(ErrorCodes.WatchUnavailable, $"Run '{runId}' cannot be watched: the runtime has no run store. Please set RuntimeOptions.RunStore to the store the run is recorded in.");
        _ = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunStoreException(ErrorCodes.RunNotFound, $"The store has no run '{runId}'. Please check the run id (kailash runs list shows the stored runs).");

        // Subscribe before reading the store: every event from here on is either stored already or arrives live.
        var live = Engine.Live.Subscribe(runId);
        try
        {
            var last = fromSeq;
            var pending = await store.GetRequestsAsync(runId, pendingOnly: true, cancellationToken).ConfigureAwait(false);
            var announced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in pending)
            {
                announced.Add(request.RequestId);
                yield return new RequestInput { RunId = runId, NodeId = request.NodeId, Iteration = request.Iteration, RequestId = request.RequestId, Name = request.Name, Prompt = request.Payload, ExpiresAt = request.ExpiresAt, Timestamp = request.CreatedAt };
            }

            while (true)
            {
                var stored = await store.ReadEventsAsync(runId, last, 1000, cancellationToken).ConfigureAwait(false);
                foreach (var record in stored)
                {
                    var runEvent = RunEventJson.FromRecord(record);
                    last = runEvent.Seq;
                    if (runEvent is RequestInput { RequestId: var id } && announced.Contains(id))
                    {
                        continue;
                    }

                    yield return runEvent;
                    if (Ends(runEvent))
                    {
                        yield break;
                    }
                }

                if (stored.Count == 1000)
                {
                    continue;
                }

                if (live is not null)
                {
                    break;
                }

                var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
                if (run is null || run.Status != DurableRunStatus.Running)
                {
                    yield break;
                }

                await Task.Delay(WatchPollInterval, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            await foreach (var runEvent in live!.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (runEvent.Seq <= last)
                {
                    continue;
                }

                if (runEvent.Seq > last + 1)
                {
                    // Emitted before this watcher subscribed but not yet written (batched durability): read the gap from the store.
                    await foreach (var missing in GapAsync(store, runId, last, runEvent.Seq, cancellationToken).ConfigureAwait(false))
                    {
                        yield return missing;
                    }
                }

                last = runEvent.Seq;
                yield return runEvent;
                if (Ends(runEvent))
                {
                    yield break;
                }
            }
        }
        finally
        {
            live?.Close();
        }
    }

    private static bool Ends(RunEvent runEvent) => runEvent is RunCompleted or RunFailed or RunCancelled or RunSuspended;

    /// <summary>Reads the stored events strictly between two sequence numbers, waiting for the run's writer to store them.</summary>
    private async IAsyncEnumerable<RunEvent> GapAsync(IRunStore store, string runId, long after, long before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var attempt = 0; after < before - 1; attempt++)
        {
            var stored = await store.ReadEventsAsync(runId, after, (int)Math.Min(1000, before - 1 - after), cancellationToken).ConfigureAwait(false);
            foreach (var record in stored)
            {
                after = record.Seq;
                yield return RunEventJson.FromRecord(record);
            }

            if (after < before - 1)
            {
                if (attempt >= 50)
                {
                    throw new KailashException(ErrorCodes.RunEventsMissing, $"Run '{runId}': events {after + 1} to {before - 1} are not in the run store; the watch cannot continue without a gap. Please watch again from sequence {before - 1}.");
                }

                await Task.Delay(WatchPollInterval / 4, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
