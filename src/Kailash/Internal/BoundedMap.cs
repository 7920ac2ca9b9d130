using System.Collections.Concurrent;

namespace Kailash.Internal;

/// <summary>
/// A thread-safe map with a capacity: when an insert takes it over <see cref="Capacity"/>, the least recently used
/// entries (by the last <see cref="GetOrAdd"/> or <see cref="TryGetValue"/> of their key) are dropped until a tenth of
/// the capacity is free, so eviction is rare and its cost is spread over many inserts. Runtime-wide state keyed by
/// workflow id or node id (circuit breakers, per-node retry counters) lives in one, so a runtime that runs many
/// generated workflows keeps a bounded amount of it.
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
internal sealed class BoundedMap<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private long _clock;
    private long _evicted;

    public BoundedMap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _entries.Count;

    /// <summary>Gets how many entries were dropped to stay within the capacity.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (var pair in _entries)
            {
                yield return pair.Value.Value;
            }
        }
    }

    public IEnumerable<KeyValuePair<string, TValue>> Pairs
    {
        get
        {
            foreach (var pair in _entries)
            {
                yield return new(pair.Key, pair.Value.Value);
            }
        }
    }

    public TValue GetOrAdd<TState>(string key, Func<string, TState, TValue> create, TState state)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            found.Touch(Interlocked.Increment(ref _clock));
            return found.Value;
        }

        var entry = _entries.GetOrAdd(key, static (k, s) => new Entry(s.create(k, s.state)), (create, state));
        entry.Touch(Interlocked.Increment(ref _clock));
        if (_entries.Count > Capacity)
        {
            Evict();
        }

        return entry.Value;
    }

    public bool TryGetValue(string key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            found.Touch(Interlocked.Increment(ref _clock));
            value = found.Value;
            return true;
        }

        value = null!;
        return false;
    }

    public void Clear() => _entries.Clear();

    /// <summary>Drops the least recently used entries until a tenth of the capacity is free (one thread at a time).</summary>
    private void Evict()
    {
        lock (_evicting)
        {
            var excess = _entries.Count - (Capacity - Math.Max(1, Capacity / 10));
            if (excess <= 0 || _entries.Count <= Capacity)
            {
                return;
            }

            var oldest = new List<KeyValuePair<string, long>>(_entries.Count);
            foreach (var pair in _entries)
            {
                oldest.Add(new(pair.Key, pair.Value.LastUsed));
            }

            oldest.Sort(static (a, b) => a.Value.CompareTo(b.Value));
            for (var i = 0; i < excess && i < oldest.Count; i++)
            {
                if (_entries.TryRemove(oldest[i].Key, out _))
                {
                    Interlocked.Increment(ref _evicted);
                }
            }
        }
    }

    private sealed class Entry(TValue value)
    {
        private long _lastUsed;

        public TValue Value { get; } = value;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public void Touch(long now) => Volatile.Write(ref _lastUsed, now);
    }
}
