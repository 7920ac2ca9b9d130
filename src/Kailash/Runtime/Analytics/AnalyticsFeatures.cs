using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The analytics of a runtime (<c>runtime.Analytics</c>): in-process aggregates, runtime metrics, execution paths, the plan
/// cache, and node/run completion subscriptions. Spans and metrics go to <see cref="KailashTelemetry.ActivitySourceName"/> and
/// <see cref="KailashTelemetry.MeterName"/>. Shared by both runtimes; thread-safe.
/// </summary>
public sealed class AnalyticsFeatures
{
    private readonly BaseRuntime _runtime;

    internal AnalyticsFeatures(BaseRuntime runtime) => _runtime = runtime;

    /// <summary>Gets a value indicating whether the per-node-type and per-workflow aggregates are being collected.</summary>
    public bool IsPerformanceMonitoringEnabled => Telemetry.PerformanceMonitoring;

    private ExecutionEngine Engine => _runtime.Engine;

    private RuntimeTelemetry Telemetry => Engine.Services.Analytics;

    /// <summary>Gets the aggregates: per node type and per workflow (counts, failure rate, p50/p95/max duration, cycle iterations) and plan-cache hits/misses.</summary>
    /// <returns>A snapshot.</returns>
    public ExecutionAnalytics GetExecutionAnalytics() => Telemetry.Aggregates.Snapshot(Engine.PlanCacheHits, Engine.PlanCacheMisses);

    /// <summary>Records a run's outcome into the workflow aggregates (for runs measured elsewhere, or while performance monitoring was off).</summary>
    /// <param name="result">The run's result.</param>
    public void RecordExecutionPerformance(WorkflowRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        long iterations = 0;
        foreach (var cycle in result.Cycles.Values)
        {
            iterations += cycle.Iterations;
        }

        Telemetry.Aggregates.RecordExecutionPerformance(result.WorkflowId, result.Duration, result.Status == WorkflowRunStatus.Failed, iterations);
    }

    /// <summary>Records one execution of a workflow into its aggregates.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="duration">How long it took.</param>
    /// <param name="failed">Whether it failed.</param>
    public void RecordExecutionPerformance(string workflowId, TimeSpan duration, bool failed = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowId);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Telemetry.Aggregates.RecordExecutionPerformance(workflowId, duration, failed, 0);
    }

    /// <summary>Clears the aggregates and the retained runs (the runtime counters of <see cref="GetRuntimeMetrics"/> are kept).</summary>
    public void ClearAnalyticsData() => Telemetry.Aggregates.Clear();

    /// <summary>Gets a workflow's execution plan from the runtime's cache (building and caching it on a miss; counts as a hit or miss).</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>The plan as the runtime will run it.</returns>
    public ExecutionPlanInfo GetExecutionPlanCached(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var plan = Engine.GetPlan(workflow, out var fromCache);
        var order = new string[plan.Nodes.Length];
        var withPolicy = new List<string>();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = plan.Nodes[i].Id;
            if (plan.Nodes[i].Policy is not null)
            {
                withPolicy.Add(plan.Nodes[i].Id);
            }
        }

        var cycles = new string[plan.Cycles.Length];
        for (var i = 0; i < cycles.Length; i++)
        {
            cycles[i] = plan.Cycles[i].CycleId;
        }

        return new ExecutionPlanInfo { WorkflowId = workflow.Id, FromCache = fromCache, NodeOrder = order, Cycles = cycles, NodesWithPolicy = withPolicy };
    }

    /// <summary>Turns the per-node-type and per-workflow aggregates on or off (spans, metrics and counters are not affected).</summary>
    /// <param name="enabled">Whether to collect them.</param>
    public void SetPerformanceMonitoring(bool enabled) => Telemetry.PerformanceMonitoring = enabled;

    /// <summary>Gets how a run went through its workflow: the node executions in order (with <see cref="EventRetention.Full"/>), cycle iterations and settings.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The debug info, or <see langword="null"/> when the run is unknown, not retained, or analytics is disabled.</returns>
    public ExecutionPathDebugInfo? GetExecutionPathDebugInfo(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var mode = _runtime.Options.ConditionalExecution;
        if (Telemetry.Aggregates.TryGetActive(runId, out var run) && run.Telemetry is { } state)
        {
            var cycles = new Dictionary<string, int>(StringComparer.Ordinal);
            lock (run)
            {
                if (run.CycleReports is { } reports)
                {
                    foreach (var pair in reports)
                    {
                        cycles[pair.Key] = pair.Value.Iterations;
                    }
                }
            }

            return new ExecutionPathDebugInfo
            {
                RunId = runId,
                WorkflowId = state.WorkflowId,
                Status = null,
                ConditionalExecution = mode,
                Retention = Telemetry.Retention,
                Path = state.PathSnapshot(),
                PathTruncated = state.PathTruncated,
                CycleIterations = cycles,
            };
        }

        if (Telemetry.Aggregates.FindRetained(runId) is not { } record)
        {
            return null;
        }

        return new ExecutionPathDebugInfo
        {
            RunId = record.RunId,
            WorkflowId = record.WorkflowId,
            Status = record.Status,
            ConditionalExecution = mode,
            Retention = Telemetry.Retention,
            Path = record.Path,
            PathTruncated = record.PathTruncated,
            CycleIterations = record.CycleIterations,
        };
    }

    /// <summary>Gets the runtime-wide counters (runs, nodes, retries, timeouts, circuit transitions, plan cache).</summary>
    /// <returns>A snapshot.</returns>
    public RuntimeMetrics GetRuntimeMetrics()
        => Telemetry.GetRuntimeMetrics(Engine.Services.Enterprise.Resources.InFlightRuns, Engine.PlanCacheHits, Engine.PlanCacheMisses);

    /// <summary>
    /// Subscribes to node completions (any status). The handler runs on the thread that finished the node, before the run
    /// goes on; an exception it throws is logged and never affects the run.
    /// </summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable OnNodeCompleted(Action<NodeCompletedEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Telemetry.Subscriptions.SubscribeNode(handler, null);
    }

    /// <summary>
    /// Subscribes an asynchronous handler to node completions. It is started when the node finishes and not awaited by the
    /// run (the run never waits for handlers); a failure is logged.
    /// </summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable OnNodeCompleted(Func<NodeCompletedEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Telemetry.Subscriptions.SubscribeNode(null, handler);
    }

    /// <summary>Subscribes to run completions; the handler runs before <c>Execute</c>/<c>ExecuteAsync</c> returns. An exception it throws is logged and ignored.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable OnRunCompleted(Action<RunCompletedEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Telemetry.Subscriptions.SubscribeRun(handler, null);
    }

    /// <summary>Subscribes an asynchronous handler to run completions; it is started when the run finishes and not awaited. A failure is logged.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable OnRunCompleted(Func<RunCompletedEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Telemetry.Subscriptions.SubscribeRun(null, handler);
    }
}
