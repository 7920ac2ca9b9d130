using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Kailash.Nodes;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// Reports run and node events: spans (<see cref="KailashTelemetry.ActivitySourceName"/>), metrics
/// (<see cref="KailashTelemetry.MeterName"/>), in-process aggregates, bounded run retention, and subscriber events.
/// With analytics disabled and no subscribers, the per-node hot path is progress reporting plus one flag check.
/// </summary>
internal sealed class RuntimeTelemetry
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly bool _sensitive;
    private readonly EventRetention _retention;
    private readonly StatsTable _nodeTypes = new();
    private readonly StatsTable _workflows = new();
    private readonly RetainedRuns? _retained;
    private readonly ConcurrentDictionary<string, RunContext> _active = new(StringComparer.Ordinal);
    private readonly EventSubscriptions<NodeCompletedEvent> _nodeHandlers = new();
    private readonly EventSubscriptions<RunCompletedEvent> _runHandlers = new();
    private readonly long _created;
    private volatile bool _monitoring;
    private volatile bool _nodeWork;
    private volatile bool _runWork;
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

    public RuntimeTelemetry(RuntimeOptions options, ILogger logger)
    {
        _logger = logger;
        _time = options.TimeProvider;
        _enabled = options.EnableAnalytics;
        _sensitive = options.EnableSensitiveData;
        _retention = options.EventRetention;
        _monitoring = options.EnablePerformanceMonitoring;
        _retained = _enabled && _retention != EventRetention.None ? new RetainedRuns(options.MaxRetainedRuns) : null;
        _created = _time.GetTimestamp();
        _nodeWork = _enabled;
        _runWork = _enabled;
    }

    public bool Enabled => _enabled;

    public EventRetention Retention => _retention;

    public bool PerformanceMonitoring
    {
        get => _monitoring;
        set => _monitoring = value;
    }

    /// <summary>Invokes a node with its span as <see cref="Activity.Current"/>, so spans the node starts nest under it; the caller's current activity is restored.</summary>
    public static ValueTask<IReadOnlyDictionary<string, object?>> InvokeTraced(Activity activity, NodeExecutionPolicy policy, PlanNode node, NodeInputs inputs, NodeContext context)
    {
        var previous = Activity.Current;
        Activity.Current = activity;
        try
        {
            return policy.InvokeAsync(node, inputs, context);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    public IDisposable SubscribeNode(Action<NodeCompletedEvent>? sync, Func<NodeCompletedEvent, ValueTask>? async)
        => _nodeHandlers.Add(sync, async, () => _nodeWork = _enabled || _nodeHandlers.Current.Length > 0);

    public IDisposable SubscribeRun(Action<RunCompletedEvent>? sync, Func<RunCompletedEvent, ValueTask>? async)
        => _runHandlers.Add(sync, async, () => _runWork = _enabled || _runHandlers.Current.Length > 0);

    public void OnRunStarted(RunContext run)
    {
        if (!_enabled)
        {
            return;
        }

        var workflowId = run.Plan.Workflow.Id;
        Interlocked.Increment(ref _runsStarted);
        if (Instrumentation.RunsStarted.Enabled)
        {
            Instrumentation.RunsStarted.Add(1, new KeyValuePair<string, object?>(KailashTelemetry.WorkflowIdTag, workflowId));
        }

        Activity? activity = null;
        if (Instrumentation.Source.HasListeners())
        {
            var previous = Activity.Current;
            activity = Instrumentation.Source.StartActivity(KailashTelemetry.RunActivityName, ActivityKind.Internal);
            Activity.Current = previous;
            if (activity is not null)
            {
                activity.DisplayName = "run " + workflowId;
                activity.SetTag(KailashTelemetry.WorkflowIdTag, workflowId);
                activity.SetTag(KailashTelemetry.RunIdTag, run.RunId);
            }
        }

        run.Telemetry = new RunTelemetryState(run.RunId, workflowId, activity, _time.GetUtcNow(), _retention == EventRetention.Full);
        _active.TryAdd(run.RunId, run);
    }

    /// <summary>Called before a node is invoked; returns its span when someone listens.</summary>
    public Activity? OnNodeStarting(RunContext run, PlanNode node, NodeInputs inputs)
    {
        if (!_enabled)
        {
            return null;
        }

        Interlocked.Increment(ref _nodesStarted);
        if (Instrumentation.NodesStarted.Enabled)
        {
            Instrumentation.NodesStarted.Add(1, WorkflowTag(run), TypeTag(node));
        }

        if (!Instrumentation.Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = Instrumentation.Source.StartActivity(KailashTelemetry.NodeActivityName, ActivityKind.Internal, run.Telemetry?.Activity?.Context ?? default);
        Activity.Current = previous;
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = "node " + node.Id;
        activity.SetTag(KailashTelemetry.WorkflowIdTag, run.Plan.Workflow.Id);
        activity.SetTag(KailashTelemetry.RunIdTag, run.RunId);
        activity.SetTag(KailashTelemetry.NodeIdTag, node.Id);
        activity.SetTag(KailashTelemetry.NodeTypeTag, node.TypeName);
        if (_sensitive && activity.IsAllDataRequested)
        {
            activity.SetTag(KailashTelemetry.InputsTag, SerializeInputs(node, inputs));
        }

        return activity;
    }

    public void OnNodeFinished(RunContext run, PlanNode node, NodeResult result, Activity? activity = null)
    {
        // A cycle member finishes once per iteration; it counts towards progress once, when its cycle ends.
        var finished = run.Plan.Units[node.UnitIndex].Cycle is null ? run.MarkFinished() : run.FinishedNodes;
        if (run.Progress is { } progress)
        {
            Report(progress, new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, node.Id, result.Status, run.Elapsed), run.RunId);
        }
        if (!_nodeWork)
        {
            return;
        }

        if (_enabled)
        {
            Measure(run, node, result);
            if (activity is not null)
            {
                FinishNodeActivity(activity, result);
            }
        }

        var handlers = _nodeHandlers.Current;
        if (handlers.Length > 0)
        {
            Publish(handlers, new NodeCompletedEvent(run.RunId, run.Plan.Workflow.Id, node.Id, node.TypeName, result, _time.GetUtcNow(), _sensitive), run.RunId, "OnNodeCompleted");
        }
    }

    /// <summary>Reports progress; a throwing progress receiver is logged and never breaks the run (like event handlers).</summary>
    private void Report(IProgress<WorkflowProgress> progress, WorkflowProgress value, string runId)
    {
        try
        {
            progress.Report(value);
        }
        catch (Exception ex)
        {
            TelemetryLog.HandlerFailed(_logger, ex, "Progress", runId);
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
            Report(progress, new WorkflowProgress(run.RunId, finished, run.Plan.Nodes.Length, last.Id, status, run.Elapsed), run.RunId);
        }
    }

    public void OnRunFinished(RunContext run, WorkflowRunResult result)
    {
        if (!_runWork)
        {
            return;
        }

        if (_enabled)
        {
            MeasureRun(run, result);
        }

        var handlers = _runHandlers.Current;
        if (handlers.Length > 0)
        {
            Publish(handlers, new RunCompletedEvent(result, _time.GetUtcNow()), run.RunId, "OnRunCompleted");
        }
    }

    public void OnRetry(string workflowId, PlanNode node, int attempt, Exception? exception, TimeSpan delay)
    {
        TelemetryLog.Retrying(_logger, exception, node.Id, workflowId, attempt, delay);
        if (!_enabled)
        {
            return;
        }

        Interlocked.Increment(ref _retries);
        if (Instrumentation.Retries.Enabled)
        {
            Instrumentation.Retries.Add(1, new KeyValuePair<string, object?>(KailashTelemetry.WorkflowIdTag, workflowId), TypeTag(node));
        }

        if (CurrentNodeActivity() is { } activity)
        {
            activity.AddEvent(new ActivityEvent(KailashTelemetry.RetryEventName, tags: new ActivityTagsCollection
            {
                [KailashTelemetry.AttemptsTag] = attempt,
                [KailashTelemetry.ErrorTypeTag] = exception?.GetType().FullName,
                ["kailash.retry.delay_ms"] = delay.TotalMilliseconds,
            }));
        }
    }

    public void OnNodeTimeout(string workflowId, PlanNode node, TimeSpan timeout, bool perAttempt)
    {
        TelemetryLog.TimedOut(_logger, node.Id, workflowId, timeout, perAttempt);
        if (!_enabled)
        {
            return;
        }

        Interlocked.Increment(ref _timeouts);
        if (Instrumentation.Timeouts.Enabled)
        {
            Instrumentation.Timeouts.Add(1, new KeyValuePair<string, object?>(KailashTelemetry.WorkflowIdTag, workflowId), TypeTag(node));
        }

        CurrentNodeActivity()?.AddEvent(new ActivityEvent(KailashTelemetry.TimeoutEventName, tags: new ActivityTagsCollection
        {
            ["kailash.timeout.ms"] = timeout.TotalMilliseconds,
            ["kailash.timeout.per_attempt"] = perAttempt,
        }));
    }

    public void OnCircuitStateChanged(string key, CircuitState state)
    {
        TelemetryLog.CircuitChanged(_logger, key, state);
        if (!_enabled)
        {
            return;
        }

        Interlocked.Increment(ref _circuitTransitions);
        if (Instrumentation.CircuitTransitions.Enabled)
        {
            Instrumentation.CircuitTransitions.Add(
                1,
                new KeyValuePair<string, object?>(KailashTelemetry.CircuitKeyTag, key),
                new KeyValuePair<string, object?>(KailashTelemetry.CircuitStateTag, state.ToString()));
        }
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

    public ExecutionAnalytics GetExecutionAnalytics(long planHits, long planMisses) => new()
    {
        NodeTypes = _nodeTypes.Snapshot(),
        Workflows = _workflows.Snapshot(),
        PlanCacheHits = planHits,
        PlanCacheMisses = planMisses,
        RetainedRuns = _retained?.Count ?? 0,
        Retention = _retention,
        PerformanceMonitoringEnabled = _monitoring,
    };

    public RuntimeMetrics GetRuntimeMetrics(int inFlight, long planHits, long planMisses) => new()
    {
        AnalyticsEnabled = _enabled,
        Uptime = _time.GetElapsedTime(_created),
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

    /// <summary>Finds a run in flight.</summary>
    public bool TryGetActive(string runId, out RunContext run) => _active.TryGetValue(runId, out run!);

    /// <summary>Finds a retained finished run.</summary>
    public RunRecord? FindRetained(string runId) => _retained?.Find(runId);

    /// <summary>Clears the aggregates and the retained runs (counters since creation are kept).</summary>
    public void Clear()
    {
        _nodeTypes.Clear();
        _workflows.Clear();
        _retained?.Clear();
    }

    internal static Dictionary<string, int> CycleIterations(WorkflowRunResult result)
    {
        var cycles = new Dictionary<string, int>(result.Cycles.Count, StringComparer.Ordinal);
        foreach (var pair in result.Cycles)
        {
            cycles[pair.Key] = pair.Value.Iterations;
        }

        return cycles;
    }

    private static KeyValuePair<string, object?> WorkflowTag(RunContext run) => new(KailashTelemetry.WorkflowIdTag, run.Plan.Workflow.Id);

    private static KeyValuePair<string, object?> TypeTag(PlanNode node) => new(KailashTelemetry.NodeTypeTag, node.TypeName);

    private static Activity? CurrentNodeActivity()
        => Activity.Current is { } current && ReferenceEquals(current.Source, Instrumentation.Source) && current.OperationName == KailashTelemetry.NodeActivityName ? current : null;

    private static string SerializeInputs(PlanNode node, NodeInputs inputs)
    {
        var visible = new Dictionary<string, object?>(inputs.Count, StringComparer.Ordinal);
        foreach (var pair in inputs)
        {
            visible[pair.Key] = node.ParameterByName.TryGetValue(pair.Key, out var parameter) && parameter.IsSecret ? "***" : pair.Value;
        }

        return Serialize(visible);
    }

    private static string Serialize(IReadOnlyDictionary<string, object?> values)
    {
        try
        {
            return JsonSerializer.Serialize(values);
        }
        catch (NotSupportedException)
        {
            return "<not serializable>";
        }
        catch (JsonException)
        {
            return "<not serializable>";
        }
    }

    private void FinishNodeActivity(Activity activity, NodeResult result)
    {
        activity.SetTag(KailashTelemetry.StatusTag, result.Status.ToString());
        activity.SetTag(KailashTelemetry.AttemptsTag, result.Attempts);
        if (result.SkipReason != SkipReason.None)
        {
            activity.SetTag(KailashTelemetry.SkipReasonTag, result.SkipReason.ToString());
        }

        if (result.Error is { } error)
        {
            activity.SetTag(KailashTelemetry.ErrorTypeTag, error.GetType().FullName);
            activity.SetTag(KailashTelemetry.ErrorCodeTag, result.ErrorCode);
            if (result.Status == NodeStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }

        if (_sensitive && result.Status == NodeStatus.Completed && activity.IsAllDataRequested)
        {
            activity.SetTag(KailashTelemetry.OutputsTag, Serialize(result.Outputs));
        }

        activity.Stop();
    }

    private void Measure(RunContext run, PlanNode node, NodeResult result)
    {
        run.Telemetry?.Count(node, result);
        switch (result.Status)
        {
            case NodeStatus.Completed:
                Interlocked.Increment(ref _nodesCompleted);
                Add(Instrumentation.NodesCompleted, run, node);
                break;
            case NodeStatus.Failed:
                Interlocked.Increment(ref _nodesFailed);
                Add(Instrumentation.NodesFailed, run, node);
                break;
            case NodeStatus.Skipped:
                Interlocked.Increment(ref _nodesSkipped);
                Add(Instrumentation.NodesSkipped, run, node);
                if (_monitoring)
                {
                    _nodeTypes.For(node.TypeName).RecordSkipped();
                }

                return;
            default:
                Interlocked.Increment(ref _nodesCancelled);
                Add(Instrumentation.NodesCancelled, run, node);
                return;
        }

        var seconds = result.Duration.TotalSeconds;
        if (Instrumentation.NodeDuration.Enabled)
        {
            Instrumentation.NodeDuration.Record(seconds, WorkflowTag(run), TypeTag(node));
        }

        if (_monitoring)
        {
            _nodeTypes.For(node.TypeName).Record(seconds, result.Status == NodeStatus.Failed);
        }
    }

    private static void Add(System.Diagnostics.Metrics.Counter<long> counter, RunContext run, PlanNode node)
    {
        if (counter.Enabled)
        {
            counter.Add(1, WorkflowTag(run), TypeTag(node));
        }
    }

    private void MeasureRun(RunContext run, WorkflowRunResult result)
    {
        _active.TryRemove(new KeyValuePair<string, RunContext>(run.RunId, run));
        var workflowTag = WorkflowTag(run);
        switch (result.Status)
        {
            case WorkflowRunStatus.Completed:
                Interlocked.Increment(ref _runsCompleted);
                if (Instrumentation.RunsCompleted.Enabled)
                {
                    Instrumentation.RunsCompleted.Add(1, workflowTag);
                }

                break;
            case WorkflowRunStatus.Failed:
                Interlocked.Increment(ref _runsFailed);
                if (Instrumentation.RunsFailed.Enabled)
                {
                    Instrumentation.RunsFailed.Add(1, workflowTag);
                }

                break;
            default:
                Interlocked.Increment(ref _runsCancelled);
                if (Instrumentation.RunsCancelled.Enabled)
                {
                    Instrumentation.RunsCancelled.Add(1, workflowTag);
                }

                break;
        }

        if (Instrumentation.RunDuration.Enabled)
        {
            Instrumentation.RunDuration.Record(result.Duration.TotalSeconds, workflowTag);
        }

        long iterations = 0;
        foreach (var cycle in result.Cycles.Values)
        {
            iterations += cycle.Iterations;
        }

        if (_monitoring)
        {
            RecordExecutionPerformance(result.WorkflowId, result.Duration, result.Status == WorkflowRunStatus.Failed, iterations);
        }

        var state = run.Telemetry;
        if (state is null)
        {
            return;
        }

        _retained?.Add(new RunRecord(
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

        if (state.Activity is { } activity)
        {
            activity.SetTag(KailashTelemetry.StatusTag, result.Status.ToString());
            if (result.Status == WorkflowRunStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, "A node failed.");
            }

            activity.Stop();
        }
    }

    private static readonly IReadOnlyDictionary<string, int> EmptyCycles = new Dictionary<string, int>();

    private void Publish<T>(EventSubscriptions<T>.Handler[] handlers, T e, string runId, string kind)
    {
        foreach (var handler in handlers)
        {
            try
            {
                if (handler.Sync is { } sync)
                {
                    sync(e);
                    continue;
                }

                var pending = handler.Async!(e);
                if (!pending.IsCompletedSuccessfully)
                {
                    _ = ObserveAsync(pending, runId, kind);
                }
            }
            catch (Exception ex)
            {
                TelemetryLog.HandlerFailed(_logger, ex, kind, runId);
            }
        }
    }

    private async Task ObserveAsync(ValueTask pending, string runId, string kind)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TelemetryLog.HandlerFailed(_logger, ex, kind, runId);
        }
    }
}
