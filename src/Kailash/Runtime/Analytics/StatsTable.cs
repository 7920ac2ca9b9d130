using System.Collections.Concurrent;

namespace Kailash.Runtime.Analytics;

/// <summary>Statistics by key (node type or workflow id), bounded: keys beyond <see cref="MaxKeys"/> share one "(other)" entry.</summary>
internal sealed class StatsTable
{
    public const int MaxKeys = 1000;

    public const string OtherKey = "(other)";

    private readonly ConcurrentDictionary<string, ExecutionStats> _stats = new(StringComparer.Ordinal);

    public ExecutionStats For(string key)
    {
        if (_stats.TryGetValue(key, out var stats))
        {
            return stats;
        }

        return _stats.GetOrAdd(_stats.Count < MaxKeys ? key : OtherKey, static _ => new ExecutionStats());
    }

    public IReadOnlyList<ExecutionStatistics> Snapshot()
    {
        var list = new List<ExecutionStatistics>(_stats.Count);
        foreach (var pair in _stats)
        {
            list.Add(pair.Value.Snapshot(pair.Key));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    public void Clear() => _stats.Clear();
}
