using System.Diagnostics.Metrics;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The metrics part of telemetry: process-lifetime counters behind <see cref="RuntimeMetrics"/> and the instruments on
/// <see cref="KailashTelemetry.MeterName"/> (recorded only when a listener enabled them).
/// </summary>
internal sealed class TelemetryMetrics
{
    private long _runsStarted;
    private long _runsCompleted;
    private long _runsFailed;
    private long _runsCancelled;
    private long _nodesStarted;
    private long _nodesCompleted;
    private long _nodesFailed;
    private long _nodesSkipped;
    private long _nodesCancelled;
    private long _retries;
    private long _timeouts;
    private long _circuitTransitions;

    public void RunStarted(string workflowId)
    {
        Interlocked.Increment(ref _runsStarted);
        if (Instrumentation.RunsStarted.Enabled)
        {
            Instrumentation.RunsStarted.Add(1, WorkflowTag(workflowId));
        }
    }

    public void NodeStarted(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _nodesStarted);
        if (Instrumentation.NodesStarted.Enabled)
        {
            Instrumentation.NodesStarted.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void NodeFinished(string workflowId, PlanNode node, NodeResult result)
    {
        switch (result.Status)
        {
            case NodeStatus.Completed:
                Interlocked.Increment(ref _nodesCompleted);
                Add(Instrumentation.NodesCompleted, workflowId, node);
                break;
            case NodeStatus.Failed:
                Interlocked.Increment(ref _nodesFailed);
                Add(Instrumentation.NodesFailed, workflowId, node);
                break;
            case NodeStatus.Skipped:
                Interlocked.Increment(ref _nodesSkipped);
                Add(Instrumentation.NodesSkipped, workflowId, node);
                return;
            default:
                Interlocked.Increment(ref _nodesCancelled);
                Add(Instrumentation.NodesCancelled, workflowId, node);
                return;
        }

        if (Instrumentation.NodeDuration.Enabled)
        {
            Instrumentation.NodeDuration.Record(result.Duration.TotalSeconds, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void RunFinished(string workflowId, WorkflowRunStatus status, TimeSpan duration)
    {
        var workflowTag = WorkflowTag(workflowId);
        switch (status)
        {
            case WorkflowRunStatus.Completed:
                Interlocked.Increment(ref _runsCompleted);
                Add(Instrumentation.RunsCompleted, workflowTag);
                break;
            case WorkflowRunStatus.Failed:
                Interlocked.Increment(ref _runsFailed);
                Add(Instrumentation.RunsFailed, workflowTag);
                break;
            default:
                Interlocked.Increment(ref _runsCancelled);
                Add(Instrumentation.RunsCancelled, workflowTag);
                break;
        }

        if (Instrumentation.RunDuration.Enabled)
        {
            Instrumentation.RunDuration.Record(duration.TotalSeconds, workflowTag);
        }
    }

    public void Retry(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _retries);
        if (Instrumentation.Retries.Enabled)
        {
            Instrumentation.Retries.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void Timeout(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _timeouts);
        if (Instrumentation.Timeouts.Enabled)
        {
            Instrumentation.Timeouts.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void CircuitTransition(string key, CircuitState state)
    {
        Interlocked.Increment(ref _circuitTransitions);
        if (Instrumentation.CircuitTransitions.Enabled)
        {
            Instrumentation.CircuitTransitions.Add(
                1,
                new KeyValuePair<string, object?>(KailashTelemetry.CircuitKeyTag, key),
                new KeyValuePair<string, object?>(KailashTelemetry.CircuitStateTag, state.ToString()));
        }
    }

    /// <summary>Reads the counters; the caller adds what only it knows.</summary>
    public RuntimeMetrics Snapshot(bool enabled, TimeSpan uptime, int inFlight, long planHits, long planMisses) => new()
    {
        AnalyticsEnabled = enabled,
        Uptime = uptime,
        RunsStarted = Interlocked.Read(ref _runsStarted),
        RunsCompleted = Interlocked.Read(ref _runsCompleted),
        RunsFailed = Interlocked.Read(ref _runsFailed),
        RunsCancelled = Interlocked.Read(ref _runsCancelled),
        RunsInFlight = inFlight,
        NodesStarted = Interlocked.Read(ref _nodesStarted),
        NodesCompleted = Interlocked.Read(ref _nodesCompleted),
        NodesFailed = Interlocked.Read(ref _nodesFailed),
        NodesSkipped = Interlocked.Read(ref _nodesSkipped),
        NodesCancelled = Interlocked.Read(ref _nodesCancelled),
        Retries = Interlocked.Read(ref _retries),
        Timeouts = Interlocked.Read(ref _timeouts),
        CircuitTransitions = Interlocked.Read(ref _circuitTransitions),
        PlanCacheHits = planHits,
        PlanCacheMisses = planMisses,
    };

    private static KeyValuePair<string, object?> WorkflowTag(string workflowId) => new(KailashTelemetry.WorkflowIdTag, workflowId);

    private static KeyValuePair<string, object?> TypeTag(PlanNode node) => new(KailashTelemetry.NodeTypeTag, node.TypeName);

    private static void Add(Counter<long> counter, string workflowId, PlanNode node)
    {
        if (counter.Enabled)
        {
            counter.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    private static void Add(Counter<long> counter, KeyValuePair<string, object?> tag)
    {
        if (counter.Enabled)
        {
            counter.Add(1, tag);
        }
    }
}
