using Kailash.Runtime.Events;

namespace Kailash.Orleans.Grains;

/// <summary>
/// The events of the run one run grain activation coordinates, kept in memory in sequence order (fed by the engine's
/// event callback, which numbers them without gaps), so watchers get them live with a long poll. A resumed run's log
/// starts after the events already stored; older ones are read from the run store.
/// </summary>
internal sealed class RunEventLog
{
    private const int MaxPage = 1000;

    private readonly Lock _gate = new();
    private readonly List<RunEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _firstSeq;

    /// <summary>Gets a value indicating whether the run ended: no event follows the ones kept.</summary>
    public bool Ended { get; private set; }

    /// <summary>Keeps an event (called by the engine in sequence order).</summary>
    public void Add(RunEvent runEvent)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_events.Count == 0)
            {
                _firstSeq = runEvent.Seq;
            }

            _events.Add(runEvent);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Marks the end of the run (its task finished, with or without an end event).</summary>
    public void End()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            Ended = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The events after <paramref name="afterSeq"/> (at most a page; a negative value: from the first event kept),
    /// waiting up to <paramref name="wait"/> for one when there is none yet. Not <c>Covered</c> when the log starts
    /// later than the event asked for (a resumed run: the earlier ones are in the run store).
    /// </summary>
    public async Task<(IReadOnlyList<RunEvent> Events, bool Ended, bool Covered)> ReadAsync(long afterSeq, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_events.Count > 0)
                {
                    if (afterSeq >= 0 && _firstSeq > afterSeq + 1)
                    {
                        return ([], false, false);
                    }

                    var start = afterSeq < 0 ? 0 : (int)(afterSeq + 1 - _firstSeq);
                    if (start < _events.Count)
                    {
                        var count = Math.Min(MaxPage, _events.Count - start);
                        return (_events.GetRange(start, count), Ended && start + count == _events.Count, true);
                    }
                }

                if (Ended)
                {
                    // Ended without events: the run was refused, or (asked from a stored position) the store knows more.
                    return ([], true, _events.Count > 0 || afterSeq < 0);
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return ([], false, true);
            }
        }
    }
}
