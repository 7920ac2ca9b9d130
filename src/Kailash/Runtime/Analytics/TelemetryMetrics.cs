using System.Diagnostics.Metrics;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The metrics part of telemetry: process-lifetime counters behind <see cref="RuntimeMetrics"/> and the instruments on
/// <see cref="KailashTelemetry.MeterName"/> (recorded only when a listener enabled them): the meter of the runtime's
/// <see cref="RuntimeOptions.MeterFactory"/>, or the process-wide one.
/// </summary>
internal sealed class TelemetryMetrics(Instrumentation instruments)
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
        if (instruments.RunsStarted.Enabled)
        {
            instruments.RunsStarted.Add(1, WorkflowTag(workflowId));
        }
    }

    /// <summary>Records a node start on the meter; the process counters take the run's counts once, when it ends (<see cref="AddRunNodes"/>).</summary>
    public void NodeStarted(string workflowId, PlanNode node)
    {
        if (instruments.NodesStarted.Enabled)
        {
            instruments.NodesStarted.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    /// <summary>Records a finished node on the meter (per node: no atomic counter; see <see cref="AddRunNodes"/>).</summary>
    public void NodeFinished(string workflowId, PlanNode node, NodeResult result)
    {
        switch (result.Status)
        {
            case NodeStatus.Completed:
                Add(instruments.NodesCompleted, workflowId, node);
                break;
            case NodeStatus.Failed:
                Add(instruments.NodesFailed, workflowId, node);
                break;
            case NodeStatus.Skipped:
                Add(instruments.NodesSkipped, workflowId, node);
                return;
            default:
                Add(instruments.NodesCancelled, workflowId, node);
                return;
        }

        if (instruments.NodeDuration.Enabled)
        {
            instruments.NodeDuration.Record(result.Duration.TotalSeconds, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void RunFinished(string workflowId, WorkflowRunStatus status, TimeSpan duration)
    {
        var workflowTag = WorkflowTag(workflowId);
        switch (status)
        {
            case WorkflowRunStatus.Completed:
                Interlocked.Increment(ref _runsCompleted);
                Add(instruments.RunsCompleted, workflowTag);
                break;
            case WorkflowRunStatus.Failed:
                Interlocked.Increment(ref _runsFailed);
                Add(instruments.RunsFailed, workflowTag);
                break;
            default:
                Interlocked.Increment(ref _runsCancelled);
                Add(instruments.RunsCancelled, workflowTag);
                break;
        }

        if (instruments.RunDuration.Enabled)
        {
            instruments.RunDuration.Record(duration.TotalSeconds, workflowTag);
        }
    }

    /// <summary>Adds a finished (or paused) run's node counts to the process counters: one atomic add per counter per run, not per node.</summary>
    public void AddRunNodes(RunTelemetryState state)
    {
        Interlocked.Add(ref _nodesStarted, state.Started);
        Interlocked.Add(ref _nodesCompleted, state.Completed);
        Interlocked.Add(ref _nodesFailed, state.Failed);
        Interlocked.Add(ref _nodesSkipped, state.Skipped);
        Interlocked.Add(ref _nodesCancelled, state.Cancelled);
    }

    public void Retry(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _retries);
        if (instruments.Retries.Enabled)
        {
            instruments.Retries.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void Timeout(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _timeouts);
        if (instruments.Timeouts.Enabled)
        {
            instruments.Timeouts.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
    }

    public void CircuitTransition(string key, CircuitState state)
    {
        Interlocked.Increment(ref _circuitTransitions);
        if (instruments.CircuitTransitions.Enabled)
        {
            instruments.CircuitTransitions.Add(
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
