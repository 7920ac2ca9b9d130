using System.Diagnostics.Metrics;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The metrics part of telemetry: process-lifetime counters behind <see cref="RuntimeMetrics"/> and the instruments on
/// <see cref="KailashTelemetry.MeterName"/> (recorded only when a listener enabled them): the meter of the runtime's
/// <see cref="RuntimeOptions.MeterFactory"/>, or the process-wide one. High-cardinality tags
/// (<c>workflow.id</c>, <c>kailash.circuit.key</c>) are added only with
/// <see cref="RuntimeOptions.EnableHighCardinalityMetricTags"/>.
/// </summary>
internal sealed class TelemetryMetrics(Instrumentation instruments, bool highCardinalityTags = false)
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
        Add(instruments.RunsStarted, workflowId);
    }

    /// <summary>Records a node start on the meter; the process counters take the run's counts once, when it ends (<see cref="AddRunNodes"/>).</summary>
    public void NodeStarted(string workflowId, PlanNode node) => Add(instruments.NodesStarted, workflowId, node);

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
            if (highCardinalityTags)
            {
                instruments.NodeDuration.Record(result.Duration.TotalSeconds, WorkflowTag(workflowId), TypeTag(node));
            }
            else
            {
                instruments.NodeDuration.Record(result.Duration.TotalSeconds, TypeTag(node));
            }
        }
    }

    public void RunFinished(string workflowId, WorkflowRunStatus status, TimeSpan duration)
    {
        switch (status)
        {
            case WorkflowRunStatus.Completed:
                Interlocked.Increment(ref _runsCompleted);
                Add(instruments.RunsCompleted, workflowId);
                break;
            case WorkflowRunStatus.Failed:
                Interlocked.Increment(ref _runsFailed);
                Add(instruments.RunsFailed, workflowId);
                break;
            case WorkflowRunStatus.Suspended:
                // Not finished: it ends (completed, failed or cancelled) when it is resumed.
                break;
            default:
                Interlocked.Increment(ref _runsCancelled);
                Add(instruments.RunsCancelled, workflowId);
                break;
        }

        if (instruments.RunDuration.Enabled)
        {
            if (highCardinalityTags)
            {
                instruments.RunDuration.Record(duration.TotalSeconds, WorkflowTag(workflowId));
            }
            else
            {
                instruments.RunDuration.Record(duration.TotalSeconds);
            }
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
        Add(instruments.Retries, workflowId, node);
    }

    public void Timeout(string workflowId, PlanNode node)
    {
        Interlocked.Increment(ref _timeouts);
        Add(instruments.Timeouts, workflowId, node);
    }

    public void CircuitTransition(string key, CircuitState state)
    {
        Interlocked.Increment(ref _circuitTransitions);
        if (instruments.CircuitTransitions.Enabled)
        {
            var stateTag = new KeyValuePair<string, object?>(KailashTelemetry.CircuitStateTag, state.ToString());
            if (highCardinalityTags)
            {
                instruments.CircuitTransitions.Add(1, new KeyValuePair<string, object?>(KailashTelemetry.CircuitKeyTag, key), stateTag);
            }
            else
            {
                instruments.CircuitTransitions.Add(1, stateTag);
            }
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

    private void Add(Counter<long> counter, string workflowId, PlanNode node)
    {
        if (!counter.Enabled)
        {
            return;
        }

        if (highCardinalityTags)
        {
            counter.Add(1, WorkflowTag(workflowId), TypeTag(node));
        }
        else
        {
            counter.Add(1, TypeTag(node));
        }
    }

    private void Add(Counter<long> counter, string workflowId)
    {
        if (!counter.Enabled)
        {
            return;
        }

        if (highCardinalityTags)
        {
            counter.Add(1, WorkflowTag(workflowId));
        }
        else
        {
            counter.Add(1);
        }
    }
}
