using System.Collections.Concurrent;

namespace Kailash.Runtime.Validation;

/// <summary>Per-runtime validation counters (never process-global). Thread-safe; counting a check is one interlocked add.</summary>
internal sealed class ValidationMetricsCollector
{
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _warnings = new(StringComparer.Ordinal);
    private long _workflowValidations;
    private long _runChecks;
    private long _nodeInputChecks;
    private long _ticks;

    public void CountWorkflowValidation() => Interlocked.Increment(ref _workflowValidations);

    public void CountRunCheck() => Interlocked.Increment(ref _runChecks);

    public void CountNodeInputCheck() => Interlocked.Increment(ref _nodeInputChecks);

    public void AddTime(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);

    public void RecordFailure(string code) => _failures.AddOrUpdate(code, 1, static (_, count) => count + 1);

    public void RecordWarning(string code) => _warnings.AddOrUpdate(code, 1, static (_, count) => count + 1);

    public ValidationMetrics Snapshot()
        => new(
            Interlocked.Read(ref _workflowValidations),
            Interlocked.Read(ref _runChecks),
            Interlocked.Read(ref _nodeInputChecks),
            new SortedDictionary<string, long>(_failures, StringComparer.Ordinal),
            new SortedDictionary<string, long>(_warnings, StringComparer.Ordinal),
            TimeSpan.FromTicks(Interlocked.Read(ref _ticks)));

    public void Reset()
    {
        Interlocked.Exchange(ref _workflowValidations, 0);
        Interlocked.Exchange(ref _runChecks, 0);
        Interlocked.Exchange(ref _nodeInputChecks, 0);
        Interlocked.Exchange(ref _ticks, 0);
        _failures.Clear();
        _warnings.Clear();
    }
}
