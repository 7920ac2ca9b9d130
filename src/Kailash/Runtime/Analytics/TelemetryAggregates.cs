using System.Collections.Concurrent;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The in-process part of telemetry: per node type and per workflow aggregates (while performance monitoring is on),
/// the registry of runs in flight, and the bounded ring of retained finished runs.
/// </summary>
internal sealed class TelemetryAggregates
{
    private static readonly IReadOnlyDictionary<string, int> EmptyCycles = new Dictionary<string, int>();

    private readonly StatsTable _nodeTypes = new();
    private readonly StatsTable _workflows = new();
    private readonly RetainedRuns? _retained;
    private readonly ConcurrentDictionary<string, RunContext> _active = new(StringComparer.Ordinal);
    private volatile bool _monitoring;

    public TelemetryAggregates(bool monitoring, EventRetention retention, int maxRetainedRuns)
    {
        _monitoring = monitoring;
        Retention = retention;
        _retained = retention != EventRetention.None ? new RetainedRuns(maxRetainedRuns) : null;
    }

    public EventRetention Retention { get; }

    public bool Monitoring
    {
        get => _monitoring;
        set => _monitoring = value;
    }

    public int RetainedCount => _retained?.Count ?? 0;

    public void RunStarted(RunContext run) => _active.TryAdd(run.RunId, run);

    public void RunPaused(RunContext run) => _active.TryRemove(new KeyValuePair<string, RunContext>(run.RunId, run));

    public void NodeFinished(RunTelemetryState? run, PlanNode node, NodeResult result)
    {
        if (!_monitoring)
        {
            return;
        }

        switch (result.Status)
        {
            case NodeStatus.Completed:
            case NodeStatus.Failed:
                StatsFor(run, node).Record(result.Duration.TotalSeconds, result.Status == NodeStatus.Failed);
                break;
            case NodeStatus.Skipped:
                StatsFor(run, node).RecordSkipped();
                break;
        }
    }

    /// <summary>The node type's statistics; the run remembers the last type it counted, so a run of one node type looks it up once.</summary>
    private ExecutionStats StatsFor(RunTelemetryState? run, PlanNode node)
    {
        if (run?.LastTypeStats is { } last && ReferenceEquals(last.Type, node.TypeName))
        {
            return last.Stats;
        }

        var stats = _nodeTypes.For(node.TypeName);
        if (run is not null)
        {
            run.LastTypeStats = (node.TypeName, stats);
        }

        return stats;
    }

    /// <summary>Removes the run from the in-flight registry, records its performance and retains its record.</summary>
    public void RunFinished(RunContext run, RunTelemetryState? state, WorkflowRunResult result)
    {
        _active.TryRemove(new KeyValuePair<string, RunContext>(run.RunId, run));
        if (_monitoring)
        {
            long iterations = 0;
            foreach (var cycle in result.Cycles.Values)
            {
                iterations += cycle.Iterations;
            }

            RecordExecutionPerformance(result.WorkflowId, result.Duration, result.Status == WorkflowRunStatus.Failed, iterations);
        }

        if (state is null || _retained is null)
        {
            return;
        }

        _retained.Add(new RunRecord(
            result.RunId,
            result.WorkflowId,
            result.Status,
            state.StartedAt,
            result.Duration,
            state.Completed,
            state.Failed,
            state.Skipped,
            state.Cancelled,
            state.Attempts,
            result.Cycles.Count == 0 ? EmptyCycles : CycleIterations(result),
            state.PathSnapshot(),
            state.PathTruncated));
    }

    public void RecordExecutionPerformance(string workflowId, TimeSpan duration, bool failed, long cycleIterations)
    {
        var stats = _workflows.For(workflowId);
        stats.Record(duration.TotalSeconds, failed);
        if (cycleIterations > 0)
        {
            stats.RecordCycleIterations(cycleIterations);
        }
    }

    public ExecutionAnalytics Snapshot(long planHits, long planMisses) => new()
    {
        NodeTypes = _nodeTypes.Snapshot(),
        Workflows = _workflows.Snapshot(),
        PlanCacheHits = planHits,
        PlanCacheMisses = planMisses,
        RetainedRuns = RetainedCount,
        Retention = Retention,
        PerformanceMonitoringEnabled = _monitoring,
    };

    /// <summary>Finds a run: in flight (status <see langword="null"/>, counts so far), else retained after it finished.</summary>
    public RunRecord? Find(string runId)
    {
        if (!_active.TryGetValue(runId, out var run) || run.Slots.Get(RunTelemetryState.Slot) is not { } state)
        {
            return _retained?.Find(runId);
        }

        var cycles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in run.State.CycleReportsSnapshot() ?? [])
        {
            cycles[pair.Key] = pair.Value.Iterations;
        }

        return new RunRecord(runId, state.WorkflowId, null, state.StartedAt, run.Elapsed, state.Completed, state.Failed, state.Skipped, state.Cancelled, state.Attempts, cycles, state.PathSnapshot(), state.PathTruncated);
    }

    public void Clear()
    {
        _nodeTypes.Clear();
        _workflows.Clear();
        _retained?.Clear();
    }

    private static Dictionary<string, int> CycleIterations(WorkflowRunResult result)
    {
        var cycles = new Dictionary<string, int>(result.Cycles.Count, StringComparer.Ordinal);
        foreach (var pair in result.Cycles)
        {
            cycles[pair.Key] = pair.Value.Iterations;
        }

        return cycles;
    }
}
