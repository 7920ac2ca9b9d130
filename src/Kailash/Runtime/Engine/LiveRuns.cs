using System.Collections.Concurrent;
using Kailash.Runtime.Events;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The durable runs this runtime is running now, so a watcher (<c>WatchAsync</c>) gets their events live after it has
/// read the stored ones. A run registers when it starts with a run store and leaves when its end event passes.
/// </summary>
internal sealed class LiveRuns
{
    private readonly ConcurrentDictionary<string, LiveRun> _runs = new(StringComparer.Ordinal);

    /// <summary>Registers a run and returns the sink its emitter feeds.</summary>
    public IRunEventSink Open(string runId)
    {
        var live = new LiveRun(this, runId);
        _runs[runId] = live;
        return live;
    }

    /// <summary>Subscribes to a run's live events, or returns <see langword="null"/> when it is not running here.</summary>
    public ChannelEventSink? Subscribe(string runId)
    {
        if (!_runs.TryGetValue(runId, out var live))
        {
            return null;
        }

        var subscriber = new ChannelEventSink(RunSettings.DefaultEventBufferSize);
        return live.Add(subscriber) ? subscriber : null;
    }

    private void Remove(LiveRun live) => _runs.TryRemove(new KeyValuePair<string, LiveRun>(live.RunId, live));

    /// <summary>One live run: hands each event to its current watchers (each a bounded channel: a slow watcher holds the run back, as a stream does).</summary>
    private sealed class LiveRun(LiveRuns owner, string runId) : IRunEventSink
    {
        private readonly Lock _gate = new();
        private ChannelEventSink[] _watchers = [];
        private bool _ended;

        public string RunId => runId;

        public bool Backlogged
        {
            get
            {
                foreach (var watcher in Volatile.Read(ref _watchers))
                {
                    if (watcher.Backlogged)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public bool Add(ChannelEventSink watcher)
        {
            lock (_gate)
            {
                if (_ended)
                {
                    return false;
                }

                _watchers = [.. _watchers, watcher];
                return true;
            }
        }

        public void OnEvent(RunEvent runEvent)
        {
            ChannelEventSink[] watchers;
            var ends = runEvent is RunCompleted or RunFailed or RunCancelled or RunSuspended;
            lock (_gate)
            {
                watchers = _watchers;
                _ended |= ends;
            }

            foreach (var watcher in watchers)
            {
                watcher.OnEvent(runEvent);
            }

            if (ends)
            {
                owner.Remove(this);
                foreach (var watcher in watchers)
                {
                    _ = watcher.CompleteAsync(null).AsTask();
                }
            }
        }

        public async ValueTask DrainAsync(CancellationToken cancellationToken)
        {
            foreach (var watcher in Volatile.Read(ref _watchers))
            {
                await watcher.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
