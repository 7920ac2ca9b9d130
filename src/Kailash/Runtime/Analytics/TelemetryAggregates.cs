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

    public void NodeFinished(PlanNode node, NodeResult result)
    {
        if (!_monitoring)
        {
            return;
        }

        switch (result.Status)
        {
            case NodeStatus.Completed:
            case NodeStatus.Failed:
                _nodeTypes.For(node.TypeName).Record(result.Duration.TotalSeconds, result.Status == NodeStatus.Failed);
                break;
            case NodeStatus.Skipped:
                _nodeTypes.For(node.TypeName).RecordSkipped();
                break;
        }
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

    public bool TryGetActive(string runId, out RunContext run) => _active.TryGetValue(runId, out run!);

    public RunRecord? FindRetained(string runId) => _retained?.Find(runId);

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
