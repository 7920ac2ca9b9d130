using System.Diagnostics;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kailash.IntegrationTests.Enterprise;

/// <summary>A user wires the runtime to OpenTelemetry with AddSource/AddMeter only, and sees spans and metrics.</summary>
public sealed class OpenTelemetryWiringTests
{
    [Fact]
    public async Task OpenTelemetrySdk_SeesRunAndNodeSpans_AndRuntimeMetrics_WithoutAdapters()
    {
        var workflowId = "otel-" + Guid.NewGuid();
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(KailashTelemetry.ActivitySourceName).AddInMemoryExporter(spans).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter(KailashTelemetry.MeterName).AddInMemoryExporter(metrics).Build())
        {
            await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { EnableHighCardinalityMetricTags = true });
            var attempts = 0;
            var workflow = new WorkflowBuilder(workflowId)
                .AddNode("start", new LambdaNode(_ => 20L))
                .AddNode("double", new LambdaNode(
                    inputs => Interlocked.Increment(ref attempts) == 1 ? throw new TimeoutException("first call times out") : inputs.Get<long>("value") * 2,
                    [new NodeParameter("value", typeof(long)) { Required = true }]))
                .AddConnection("start", "result", "double", "value")
                .WithRetry("double", new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero })
                .Build();

            var result = await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(40L, result["double"]["result"]);
        }

        // Disposing the providers flushed them: the meter provider exported its (cumulative) metrics exactly once.

        var mine = spans.Where(s => s.GetTagItem(KailashTelemetry.WorkflowIdTag) as string == workflowId).ToList();
        var run = Assert.Single(mine, s => s.OperationName == KailashTelemetry.RunActivityName);
        Assert.Equal(2, mine.Count(s => s.OperationName == KailashTelemetry.NodeActivityName && s.ParentSpanId == run.SpanId));
        Assert.Contains(mine, s => s.Events.Any(e => e.Name == KailashTelemetry.RetryEventName));

        long Total(string name)
        {
            long sum = 0;
            foreach (var metric in metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    foreach (var tag in point.Tags)
                    {
                        if (tag.Key == KailashTelemetry.WorkflowIdTag && tag.Value as string == workflowId)
                        {
                            sum += metric.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
                        }
                    }
                }
            }

            return sum;
        }

        Assert.Equal(1, Total(KailashTelemetry.RunsStarted));
        Assert.Equal(1, Total(KailashTelemetry.RunsCompleted));
        Assert.Equal(2, Total(KailashTelemetry.NodesCompleted));
        Assert.Equal(1, Total(KailashTelemetry.NodeRetries));
        Assert.Equal(2, Total(KailashTelemetry.NodeDuration));
        Assert.Equal(1, Total(KailashTelemetry.RunDuration));
    }
}
