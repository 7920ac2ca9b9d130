using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>Node and run events, spans and metrics through the standard .NET listeners, and the analytics facade.</summary>
internal static class TelemetrySample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:telemetry-events>
        var workflow = new WorkflowBuilder("telemetry-demo")
            .AddNode("ExpressionNode", "price", new() { ["expression"] = "base * 2", ["base"] = 21 })
            .AddNode("SwitchNode", "gate", new() { ["operator"] = ">", ["value"] = 100 })
            .AddNode("ExpressionNode", "expensive", new() { ["expression"] = "'expensive: ' + data" })
            .AddNode("ExpressionNode", "cheap", new() { ["expression"] = "'cheap: ' + data" })
            .AddConnection("price", "result", "gate", "input_data")
            .AddConnection("gate", "true_output", "expensive", "data")
            .AddConnection("gate", "false_output", "cheap", "data")
            .Build();

        // Metrics carry the workflow id only when asked for (high-cardinality tags are opt-in); the listener below filters on it.
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { EnableHighCardinalityMetricTags = true });
        var finished = new ConcurrentQueue<string>();
        using IDisposable nodes = runtime.Analytics.OnNodeCompleted(e => finished.Enqueue($"{e.NodeId}:{e.Status}"));
        using IDisposable runs = runtime.Analytics.OnRunCompleted(e => Console.WriteLine($"run {e.RunId}: {e.Status} in {e.Duration}"));

        WorkflowRunResult run = await runtime.ExecuteAsync(workflow);
        Console.WriteLine(string.Join(", ", finished));   // price:Completed, gate:Completed, expensive:Skipped, cheap:Completed
        // </snippet:telemetry-events>
        var firstRunEvents = finished.ToList();

        // <snippet:telemetry-listeners>
        var spans = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KailashTelemetry.ActivitySourceName,   // "Kailash.Runtime"
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);

        var completedNodes = 0L;
        using var metering = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == KailashTelemetry.MeterName && instrument.Name == KailashTelemetry.NodesCompleted)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metering.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == KailashTelemetry.WorkflowIdTag && Equals(tag.Value, "telemetry-demo"))
                {
                    Interlocked.Add(ref completedNodes, value);
                }
            }
        });
        metering.Start();

        WorkflowRunResult traced = await runtime.ExecuteAsync(workflow);
        var mine = spans.Where(s => Equals(s.GetTagItem(KailashTelemetry.RunIdTag), traced.RunId)).ToList();
        Console.WriteLine(string.Join(", ", mine.Select(s => s.OperationName).Distinct()));   // kailash.node, kailash.run
        Console.WriteLine(Interlocked.Read(ref completedNodes));                              // 3
        // </snippet:telemetry-listeners>

        // <snippet:analytics-facade>
        ExecutionAnalytics analytics = runtime.Analytics.GetExecutionAnalytics();
        foreach (ExecutionStatistics type in analytics.NodeTypes)    // per node type: count, failures, p50/p95/max
        {
            Console.WriteLine($"{type.Key}: {type.Executions} runs, p95 {type.P95.TotalMilliseconds:F2} ms");
        }

        RuntimeMetrics counters = runtime.Analytics.GetRuntimeMetrics();
        Console.WriteLine($"{counters.RunsCompleted} runs, plan cache {counters.PlanCacheHits} hits / {counters.PlanCacheMisses} misses");

        ExecutionPlanInfo plan = runtime.Analytics.GetExecutionPlanCached(workflow);
        Console.WriteLine(string.Join(" -> ", plan.NodeOrder));     // price -> gate -> expensive -> cheap

        ExecutionPathDebugInfo? path = runtime.Analytics.GetExecutionPathDebugInfo(run.RunId);   // null once no longer retained
        Console.WriteLine(path?.Status);                            // Completed (the node path itself needs EventRetention.Full)
        runtime.Analytics.SetPerformanceMonitoring(false);          // stop the aggregates; spans and metrics go on
        runtime.Analytics.ClearAnalyticsData();
        // </snippet:analytics-facade>

        return new SampleOutcome(nameof(TelemetrySample))
            .Add("events", firstRunEvents)
            .Add("spans.operations", mine.Select(s => s.OperationName).Distinct().Order(StringComparer.Ordinal).ToList())
            .Add("spans.nodes", mine.Where(s => s.OperationName == KailashTelemetry.NodeActivityName).Select(s => (string?)s.GetTagItem(KailashTelemetry.NodeIdTag)).Order(StringComparer.Ordinal).ToList())
            .Add("metrics.nodesCompleted", Interlocked.Read(ref completedNodes))
            .Add("analytics.expressionExecutions", analytics.NodeTypes.Single(t => t.Key == "ExpressionNode").Executions)
            .Add("counters.runsCompleted", counters.RunsCompleted)
            .Add("plan.order", plan.NodeOrder.ToList())
            .Add("plan.fromCache", plan.FromCache)
            .Add("path.status", path?.Status)
            .Add("path.entries", path?.Path.Count)
            .Add("afterClear.workflows", runtime.Analytics.GetExecutionAnalytics().Workflows.Count)
            .Add("monitoring", runtime.Analytics.IsPerformanceMonitoringEnabled);
    }
}
