using System.Runtime.CompilerServices;
using Kailash.Orleans.Grains;
using Kailash.Orleans.Transport;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;

namespace Kailash.Orleans;

/// <summary>A cluster run's events: streamed from the run grain, or watched by run id (stored events first, then live ones).</summary>
public sealed partial class ClusterRuntime
{
    private const int MaxGapRetries = 50;

    /// <summary>
    /// Runs a workflow on the cluster and yields its events as they happen (numbered 1, 2, 3… without gaps), as
    /// <see cref="AsyncLocalRuntime.StreamAsync"/> does. The run grain keeps the events and the sequence long-polls it,
    /// so a slow consumer does not hold the run back (the events wait on the run grain). The sequence ends with the
    /// run's end event; a failed run is an event, not an exception. Leaving the loop early cancels the run.
    /// </summary>
    /// <param name="workflow">The workflow; every node type must be registered on the silos.</param>
    /// <param name="parameters">The parameters (JSON-like values).</param>
    /// <param name="settings">Per-call settings (as for <see cref="ExecuteAsync(Workflow, IReadOnlyDictionary{string, object?}?, RunSettings?, CancellationToken)"/>).</param>
    /// <param name="cancellationToken">Cancels the run and the sequence.</param>
    /// <returns>The run's events.</returns>
    /// <exception cref="KailashException">The run was refused before it started (from the first <c>MoveNextAsync</c>).</exception>
    public async IAsyncEnumerable<RunEvent> StreamAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, RunSettings? settings = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var request = Request(workflow, parameters, settings, events: true);
        var run = _grains.GetGrain<IWorkflowRunGrain>(request.RunId);
        if (await CallAsync(() => run.StartAsync(request), cancellationToken).ConfigureAwait(false) is { } refused)
        {
            _ = Settle(workflow, refused, cancellationToken);
            yield break;
        }

        var ended = false;
        try
        {
            await foreach (var runEvent in EventsAsync(run, request.RunId, -1, cancellationToken).ConfigureAwait(false))
            {
                ended = Ends(runEvent);
                yield return runEvent;
            }

            ended = true;
        }
        finally
        {
            if (!ended)
            {
                // Left early or cancelled: cancel the run on the cluster and wait for it to end, as the local runtimes do.
                await run.CancelAsync().ConfigureAwait(false);
                _ = await OutcomeAsync(run, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Yields a run's events, as <see cref="BaseRuntime.WatchAsync"/> does: first the ones after <paramref name="fromSeq"/>
    /// that the silos' run store holds, in sequence order, then the live ones from the run grain coordinating it, with no
    /// gap and no duplicate across the switch. The sequence ends after the run's end event, or at once for a run that
    /// ended earlier and has nothing after <paramref name="fromSeq"/>. A run started on a local runtime with the same
    /// store can be watched too (its stored events are polled).
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="fromSeq">The last sequence number already seen (0: from the start).</param>
    /// <param name="cancellationToken">Stops watching (the run goes on).</param>
    /// <returns>The run's events.</returns>
    /// <exception cref="KailashException">The silos have no run store and the run is not streamed (<c>KWF170</c>), unknown run (<c>KWF124</c>), or stored events missing (<c>KWF171</c>).</exception>
    public IAsyncEnumerable<RunEvent> WatchAsync(string runId, long fromSeq = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return EventsAsync(_grains.GetGrain<IWorkflowRunGrain>(runId), runId, Math.Max(0, fromSeq), cancellationToken);
    }

    private static bool Ends(RunEvent runEvent) => runEvent is RunCompleted or RunFailed or RunCancelled or RunSuspended;

    /// <summary>Hands every event of the caller's own run to its callback, in order (a failing callback does not stop the run, as locally).</summary>
    private async Task PumpAsync(IWorkflowRunGrain run, Action<RunEvent> onEvent)
    {
        await foreach (var runEvent in EventsAsync(run, run.GetPrimaryKeyString(), -1, CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                onEvent(runEvent);
            }
#pragma warning disable CA1031 // The user's callback: locally its failure is logged and the run goes on; here the run is elsewhere and goes on too.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>
    /// Long-polls the run grain for the events after <paramref name="afterSeq"/> (negative: the run grain's current run
    /// from its first event). Only the next number is accepted, so an event is never yielded twice nor skipped.
    /// </summary>
    private async IAsyncEnumerable<RunEvent> EventsAsync(IWorkflowRunGrain run, string runId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterSeq;
        var gaps = 0;
        while (true)
        {
            var batch = await CallAsync(() => run.EventsAsync(last, WaitInterval), cancellationToken).ConfigureAwait(false);
            var progressed = false;
            foreach (var json in batch.EventsJson)
            {
                var runEvent = RunEventJson.Deserialize(json);
                if (last >= 0 && runEvent.Seq <= last)
                {
                    continue;
                }

                if (last >= 0 && runEvent.Seq > last + 1)
                {
                    // A gap (the run moved between silos): ask again from the last event seen; the store fills it.
                    if (++gaps > MaxGapRetries)
                    {
                        throw new KailashException(ErrorCodes.RunEventsMissing, $"Run '{runId}': events {last + 1} to {runEvent.Seq - 1} cannot be read from the cluster; the watch cannot continue without a gap. Please watch again from sequence {runEvent.Seq - 1}.");
                    }

                    break;
                }

                last = runEvent.Seq;
                progressed = true;
                gaps = 0;
                yield return runEvent;
                if (Ends(runEvent))
                {
                    yield break;
                }
            }

            if (batch.Refusal is { } refusal)
            {
                _ = Settle(null, refusal, cancellationToken);
            }

            if (batch.Ended && !progressed)
            {
                yield break;
            }
        }
    }
}
