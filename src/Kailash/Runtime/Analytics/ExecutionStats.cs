namespace Kailash.Runtime.Analytics;

/// <summary>
/// Running statistics of one node type or workflow: totals plus a fixed window of the most recent durations for percentiles.
/// Memory is constant however many executions are recorded.
/// </summary>
internal sealed class ExecutionStats
{
    /// <summary>How many recent durations percentiles are computed over.</summary>
    public const int Window = 512;

    private readonly Lock _lock = new();
    private readonly double[] _recent = new double[Window];
    private int _next;
    private int _filled;
    private long _executions;
    private long _failures;
    private long _skipped;
    private long _cycleIterations;
    private double _total;
    private double _max;

    public void Record(double seconds, bool failed)
    {
        lock (_lock)
        {
            _executions++;
            if (failed)
            {
                _failures++;
            }

            _total += seconds;
            _max = Math.Max(_max, seconds);
            _recent[_next] = seconds;
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
        }
    }

    public void RecordSkipped() => Interlocked.Increment(ref _skipped);

    public void RecordCycleIterations(long iterations) => Interlocked.Add(ref _cycleIterations, iterations);

    public ExecutionStatistics Snapshot(string key)
    {
        double[] window;
        long executions;
        long failures;
        double total;
        double max;
        lock (_lock)
        {
            window = _recent[.._filled];
            executions = _executions;
            failures = _failures;
            total = _total;
            max = _max;
        }

        Array.Sort(window);
        return new ExecutionStatistics
        {
            Key = key,
            Executions = executions,
            Failures = failures,
            Skipped = Interlocked.Read(ref _skipped),
            P50 = Percentile(window, 0.50),
            P95 = Percentile(window, 0.95),
            Max = TimeSpan.FromSeconds(max),
            Mean = executions == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(total / executions),
            CycleIterations = Interlocked.Read(ref _cycleIterations),
        };
    }

    /// <summary>Nearest-rank percentile of a sorted window.</summary>
    private static TimeSpan Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return TimeSpan.FromSeconds(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }
}
