using System.Diagnostics;
using Kailash.Nodes;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// Reports run and node events to the four parts of telemetry: spans (<see cref="TelemetrySpans"/>), metrics
/// (<see cref="TelemetryMetrics"/>), in-process aggregates and retention (<see cref="TelemetryAggregates"/>), and
/// subscribers and progress (<see cref="TelemetrySubscriptions"/>). This class only decides which parts an event reaches.
/// With analytics disabled and no subscribers, the per-node hot path is progress reporting plus one flag check.
/// </summary>
internal sealed class RuntimeTelemetry : IResilienceEvents
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly bool _sensitive;
    private readonly long _created;

    public RuntimeTelemetry(RuntimeOptions options, ILogger logger)
    {
        _logger = logger;
        _time = options.TimeProvider;
        _enabled = options.EnableAnalytics;
        _sensitive = options.EnableSensitiveData;
        _created = _time.GetTimestamp();
        Metrics = new TelemetryMetrics(options.MeterFactory is { } factory ? Instrumentation.For(factory) : Instrumentation.Default, options.EnableHighCardinalityMetricTags);
        Aggregates = new TelemetryAggregates(options.EnablePerformanceMonitoring, _enabled ? options.EventRetention : EventRetention.None, options.MaxRetainedRuns);
        Subscriptions = new TelemetrySubscriptions(logger, _enabled);
        Retention = options.EventRetention;
    }

    public bool Enabled => _enabled;

    public EventRetention Retention { get; }

    public TelemetryMetrics Metrics { get; }

    public TelemetryAggregates Aggregates { get; }

    public TelemetrySubscriptions Subscriptions { get; }

    public bool PerformanceMonitoring
    {
        get => Aggregates.Monitoring;
        set => Aggregates.Monitoring = value;
    }

    public void OnRunStarted(RunContext run)
    {
        if (!_enabled)
        {
            return;
        }

        var workflowId = run.Plan.Workflow.Id;
        Metrics.RunStarted(workflowId);
        var activity = TelemetrySpans.StartRun(workflowId, run.RunId);
        run.Slots.GetOrSet(RunTelemetryState.Slot, new RunTelemetryState(run.RunId, workflowId, activity, _time.GetUtcNow(), Retention == EventRetention.Full, run.IsSynchronous));
        Aggregates.RunStarted(run);
    }

    /// <summary>Called before a node is invoked; returns its span when someone listens.</summary>
    public Activity? OnNodeStarting(RunContext run, PlanNode node, NodeInputs inputs)
    {
        if (!_enabled)
        {
            return null;
        }

        var state = run.Slots.Get(RunTelemetryState.Slot);
        state?.CountStarted();
        Metrics.NodeStarted(run.Plan.Workflow.Id, node);
        return TelemetrySpans.StartNode(run, state, node, inputs, _sensitive);
    }

    public void OnNodeFinished(RunContext run, PlanNode node, NodeResult result, Activity? activity = null)
    {
        // A cycle member finishes once per iteration; it counts towards progress once, when its cycle ends.
        var finished = run.Plan.Units[node.UnitIndex].Cycle is null ? run.MarkFinished() : run.FinishedNodes;
        if (run.Progress is { } progress)
        {
            Subscriptions.Report(progress, new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, node.Id, result.Status, run.Elapsed));
        }

        if (!Subscriptions.NodeWork)
        {
            return;
        }

        if (_enabled)
        {
            var state = run.Slots.Get(RunTelemetryState.Slot);
            state?.Count(node, result);
            Metrics.NodeFinished(run.Plan.Workflow.Id, node, result);
            Aggregates.NodeFinished(state, node, result);
            if (activity is not null)
            {
                TelemetrySpans.FinishNode(activity, result, _sensitive);
            }
        }

        var handlers = Subscriptions.NodeHandlers;
        if (handlers.Length > 0)
        {
            Subscriptions.Publish(handlers, new NodeCompletedEvent(run.RunId, run.Plan.Workflow.Id, node.Id, node.TypeName, result, _time.GetUtcNow(), _sensitive), run.RunId, "OnNodeCompleted");
        }
    }

    public void OnCycleFinished(RunContext run, CyclePlan cycle, CycleReport report)
    {
        _ = report;
        var finished = 0;
        for (var i = 0; i < cycle.Members.Length; i++)
        {
            finished = run.MarkFinished();
        }

        if (run.Progress is { } progress)
        {
            var last = run.Plan.Nodes[cycle.Members[^1]];
            var status = run.Results[last.Index]?.Status ?? NodeStatus.Skipped;
            Subscriptions.Report(progress, new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, last.Id, status, run.Elapsed));
        }
    }

    public void OnRunFinished(RunContext run, WorkflowRunResult result)
    {
        if (!Subscriptions.RunWork)
        {
            return;
        }

        if (_enabled)
        {
            Metrics.RunFinished(result.WorkflowId, result.Status, result.Duration);
            var state = run.Slots.Get(RunTelemetryState.Slot);
            if (state is not null)
            {
                Metrics.AddRunNodes(state);
            }

            Aggregates.RunFinished(run, state, result);
            if (state?.Activity is { } activity)
            {
                TelemetrySpans.FinishRun(activity, result.Status);
            }
        }

        var handlers = Subscriptions.RunHandlers;
        if (handlers.Length > 0)
        {
            Subscriptions.Publish(handlers, new RunCompletedEvent(result, _time.GetUtcNow()), run.RunId, "OnRunCompleted");
        }
    }

    /// <summary>A run paused before it finished (it may be continued elsewhere): it leaves the in-flight registry and its span ends.</summary>
    public void OnRunPaused(RunContext run)
    {
        if (!_enabled)
        {
            return;
        }

        var state = run.Slots.Get(RunTelemetryState.Slot);
        if (state is not null)
        {
            Metrics.AddRunNodes(state);
        }

        Aggregates.RunEnded(run);
        state?.Activity?.Stop();
    }

    /// <summary>
    /// Closes what a run opened when the engine itself failed (a scheduler threw): the in-flight entry and the run span.
    /// Nothing else is reported, since the run has no result.
    /// </summary>
    public void OnRunAborted(RunContext run, Exception error)
    {
        if (!_enabled)
        {
            return;
        }

        Aggregates.RunEnded(run);
        if (run.Slots.Get(RunTelemetryState.Slot)?.Activity is { } activity)
        {
            TelemetrySpans.AbortRun(activity, error);
        }
    }

    public void OnRetry(string workflowId, PlanNode node, int attempt, Exception? exception, TimeSpan delay)
    {
        TelemetryLog.Retrying(_logger, exception, node.Id, workflowId, attempt, delay);
        if (_enabled)
        {
            Metrics.Retry(workflowId, node);
            TelemetrySpans.AddRetry(attempt, exception, delay);
        }
    }

    public void OnNodeTimeout(string workflowId, PlanNode node, TimeSpan timeout, bool perAttempt)
    {
        TelemetryLog.TimedOut(_logger, node.Id, workflowId, timeout, perAttempt);
        if (_enabled)
        {
            Metrics.Timeout(workflowId, node);
            TelemetrySpans.AddTimeout(timeout, perAttempt);
        }
    }

    public void OnCircuitStateChanged(string key, CircuitState state)
    {
        TelemetryLog.CircuitChanged(_logger, key, state);
        if (_enabled)
        {
            Metrics.CircuitTransition(key, state);
        }
    }

    public RuntimeMetrics GetRuntimeMetrics(int inFlight, long planHits, long planMisses)
        => Metrics.Snapshot(_enabled, _time.GetElapsedTime(_created), inFlight, planHits, planMisses);
}
