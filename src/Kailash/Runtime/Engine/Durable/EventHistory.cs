using Kailash.Durability;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>What a run store says about a run's events: where their numbering stands.</summary>
internal static class EventHistory
{
    /// <summary>
    /// Finds the sequence number of a run's last stored event (0 when none) with O(log n) one-row reads: the stored events
    /// of a run are numbered 1…n without gaps (the journal stores a prefix of what the run emitted), so "is there an event
    /// after k" is monotone in k. A resumed run numbers its events on from there.
    /// </summary>
    public static async ValueTask<long> LastSeqAsync(IRunStore store, string runId, CancellationToken cancellationToken = default)
    {
        async ValueTask<bool> After(long seq) => (await store.ReadEventsAsync(runId, seq, 1, cancellationToken).ConfigureAwait(false)).Count > 0;

        if (!await After(0).ConfigureAwait(false))
        {
            return 0;
        }

        long known = 1;
        long high = 2;
        while (await After(high - 1).ConfigureAwait(false))
        {
            known = high;
            high *= 2;
        }

        // Invariant: an event with seq 'known' exists, none after 'high - 1'.
        while (known < high - 1)
        {
            var middle = known + ((high - known) / 2);
            if (await After(middle - 1).ConfigureAwait(false))
            {
                known = middle;
            }
            else
            {
                high = middle;
            }
        }

        return known;
    }
}
