namespace Kailash.Runtime.Analytics;

/// <summary>The most recent finished runs, in a fixed-size ring: memory does not grow with the number of runs.</summary>
internal sealed class RetainedRuns
{
    private readonly Lock _lock = new();
    private readonly RunRecord?[] _ring;
    private int _next;
    private int _count;

    public RetainedRuns(int capacity) => _ring = new RunRecord?[capacity];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(RunRecord record)
    {
        lock (_lock)
        {
            _ring[_next] = record;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>Finds the most recent retained run with the id.</summary>
    public RunRecord? Find(string runId)
    {
        lock (_lock)
        {
            for (var i = 1; i <= _count; i++)
            {
                var record = _ring[(_next - i + _ring.Length) % _ring.Length];
                if (record is not null && string.Equals(record.RunId, runId, StringComparison.Ordinal))
                {
                    return record;
                }
            }
        }

        return null;
    }

    public void Clear()
    {
        lock (_lock)
        {
            Array.Clear(_ring);
            _next = 0;
            _count = 0;
        }
    }
}
