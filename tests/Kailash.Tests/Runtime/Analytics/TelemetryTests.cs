using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Analytics.AnalyticsHarness;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Analytics;

public sealed class TelemetryTests
{
    private static readonly ActivitySource Inner = new("Kailash.Tests.Inner");

    private static ActivityListener Listen(string workflowId, ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is KailashTelemetry.ActivitySourceName or "Kailash.Tests.Inner" or "Kailash.Tests.Caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem(KailashTelemetry.WorkflowIdTag) as string == workflowId || a.GetTagItem("test.workflow") as string == workflowId)
                {
                    stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Meter_ReportsCountersAndHistograms_WithNamesUnitsAndTags(bool sync)
    {
        var workflowId = "meter-" + Guid.NewGuid();
        var measurements = new ConcurrentQueue<(string Name, string? Unit, double Value, string? NodeType)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KailashTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? workflow = null;
            string? type = null;
            foreach (var tag in tags)
            {
                workflow = tag.Key == KailashTelemetry.WorkflowIdTag ? tag.Value as string : workflow;
                type = tag.Key == KailashTelemetry.NodeTypeTag ? tag.Value as string : type;
            }

            if (workflow == workflowId)
            {
                measurements.Enqueue((instrument.Name, instrument.Unit, value, type));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        using var runtime = Create(sync, new RuntimeOptions { EnableHighCardinalityMetricTags = true, ErrorPolicy = ErrorPolicy.Continue });

        await RunAsync(runtime, Mixed(workflowId));

        double Sum(string name) => measurements.Where(m => m.Name == name).Sum(m => m.Value);
        Assert.Equal(1, Sum(KailashTelemetry.RunsStarted));
        Assert.Equal(1, Sum(KailashTelemetry.RunsFailed));
        Assert.Equal(0, Sum(KailashTelemetry.RunsCompleted));
        Assert.Equal(4, Sum(KailashTelemetry.NodesStarted));
        Assert.Equal(3, Sum(KailashTelemetry.NodesCompleted));
        Assert.Equal(1, Sum(KailashTelemetry.NodesFailed));
        Assert.Equal(1, Sum(KailashTelemetry.NodesSkipped));
        Assert.Equal(1, Sum(KailashTelemetry.NodeRetries));
        Assert.Equal(4, measurements.Count(m => m.Name == KailashTelemetry.NodeDuration));
        Assert.Single(measurements, m => m.Name == KailashTelemetry.RunDuration);
        Assert.All(measurements.Where(m => m.Name.StartsWith("kailash.nodes.", StringComparison.Ordinal)), m => Assert.Equal("LambdaNode", m.NodeType));
        Assert.Equal(KailashTelemetry.RunUnit, measurements.First(m => m.Name == KailashTelemetry.RunsStarted).Unit);
        Assert.Equal(KailashTelemetry.NodeUnit, measurements.First(m => m.Name == KailashTelemetry.NodesStarted).Unit);
        Assert.Equal(KailashTelemetry.SecondsUnit, measurements.First(m => m.Name == KailashTelemetry.NodeDuration).Unit);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ActivitySource_EmitsARunSpanAndANodeSpanPerNode_NestedAndTagged(bool sync)
    {
        var workflowId = "spans-" + Guid.NewGuid();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(workflowId, stopped);
        using var caller = new ActivitySource("Kailash.Tests.Caller").StartActivity("caller");
        caller!.SetTag("test.workflow", workflowId);
        using var runtime = Create(sync, new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });

        await RunAsync(runtime, Mixed(workflowId));

        Assert.Same(caller, Activity.Current);
        var run = Assert.Single(stopped, a => a.OperationName == KailashTelemetry.RunActivityName);
        Assert.Equal(caller.SpanId, run.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        var nodes = stopped.Where(a => a.OperationName == KailashTelemetry.NodeActivityName).ToDictionary(a => (string)a.GetTagItem(KailashTelemetry.NodeIdTag)!);
        Assert.Equal(["after", "boom", "flaky", "start"], nodes.Keys.Order());
        Assert.All(nodes.Values, n =>
        {
            Assert.Equal(run.SpanId, n.ParentSpanId);
            Assert.Equal(run.TraceId, n.TraceId);
            Assert.Equal("LambdaNode", n.GetTagItem(KailashTelemetry.NodeTypeTag));
            Assert.Null(n.GetTagItem(KailashTelemetry.InputsTag));
        });
        Assert.Equal(2, nodes["flaky"].GetTagItem(KailashTelemetry.AttemptsTag));
        Assert.Equal("Completed", nodes["flaky"].GetTagItem(KailashTelemetry.StatusTag));
        Assert.Single(nodes["flaky"].Events, e => e.Name == KailashTelemetry.RetryEventName);
        Assert.Equal(ActivityStatusCode.Error, nodes["boom"].Status);
        Assert.Equal(ErrorCodes.NodeFailed, nodes["boom"].GetTagItem(KailashTelemetry.ErrorCodeTag));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SpansStartedByANode_NestUnderTheNodeSpan(bool sync)
    {
        var workflowId = "nested-" + Guid.NewGuid();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(workflowId, stopped);
        using var runtime = Create(sync);
        var workflow = new WorkflowBuilder(workflowId)
            .AddNode("sync", new LambdaNode(_ =>
            {
                using var inner = Inner.StartActivity("inner-sync");
                inner?.SetTag("test.workflow", workflowId);
                return 1L;
            }))
            .AddNode("async", new AsyncLambdaNode(
                async (_, _, token) =>
                {
                    await Task.Yield();
                    using var inner = Inner.StartActivity("inner-async");
                    inner?.SetTag("test.workflow", workflowId);
                    return new Dictionary<string, object?> { ["result"] = 2L };
                },
                null,
                ["result"]))
            .Build();

        await RunAsync(runtime, workflow);

        var nodes = stopped.Where(a => a.OperationName == KailashTelemetry.NodeActivityName).ToDictionary(a => (string)a.GetTagItem(KailashTelemetry.NodeIdTag)!);
        Assert.Equal(nodes["sync"].SpanId, Assert.Single(stopped, a => a.OperationName == "inner-sync").ParentSpanId);
        Assert.Equal(nodes["async"].SpanId, Assert.Single(stopped, a => a.OperationName == "inner-async").ParentSpanId);
    }

    [Fact]
    public async Task SensitiveData_RecordsInputsAndOutputs_ButNeverSecrets()
    {
        var workflowId = "sensitive-" + Guid.NewGuid();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(workflowId, stopped);
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { EnableSensitiveData = true });
        var workflow = new WorkflowBuilder(workflowId)
            .AddNode(
                "login",
                new LambdaNode(
                    inputs => inputs.Get<string>("user") + "!",
                    [new NodeParameter("user", typeof(string)), new NodeParameter("password", typeof(string)) { IsSecret = true }]),
                new() { ["user"] = "ada", ["password"] = "hunter2" })
            .Build();

        await RunAsync(runtime, workflow);

        var node = Assert.Single(stopped, a => a.OperationName == KailashTelemetry.NodeActivityName);
        var inputs = (string)node.GetTagItem(KailashTelemetry.InputsTag)!;
        Assert.Contains("ada", inputs, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", inputs, StringComparison.Ordinal);
        Assert.Contains("***", inputs, StringComparison.Ordinal);
        Assert.Contains("ada!", (string)node.GetTagItem(KailashTelemetry.OutputsTag)!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnalyticsDisabled_EmitsNothing_ButProgressStillWorks(bool sync)
    {
        var workflowId = "off-" + Guid.NewGuid();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(workflowId, stopped);
        var measured = 0;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KailashTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meter.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == KailashTelemetry.WorkflowIdTag && tag.Value as string == workflowId)
                {
                    Interlocked.Increment(ref measured);
                }
            }
        });
        meter.Start();
        using var runtime = Create(sync, new RuntimeOptions { EnableHighCardinalityMetricTags = true, EnableAnalytics = false, ErrorPolicy = ErrorPolicy.Continue });
        var progress = new RecordingProgress<WorkflowProgress>();
        var workflow = Mixed(workflowId);

        var result = runtime is LocalRuntime local
            ? local.Execute(workflow, null, new RunSettings { Progress = progress }, TestContext.Current.CancellationToken)
            : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, new RunSettings { Progress = progress }, TestContext.Current.CancellationToken);

        Assert.Empty(stopped);
        Assert.Equal(0, measured);
        Assert.Equal(5, progress.Reports.Count);
        Assert.Equal(5, progress.Reports.Max(p => p.CompletedNodes));
        var metrics = runtime.Analytics.GetRuntimeMetrics();
        Assert.False(metrics.AnalyticsEnabled);
        Assert.Equal(0, metrics.RunsStarted);
        Assert.Null(runtime.Enterprise.GetExecutionMetrics(result.RunId));
        Assert.Empty(runtime.Analytics.GetExecutionAnalytics().NodeTypes);
    }
}
