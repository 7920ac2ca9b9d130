using System.Diagnostics.Metrics;
using Kailash.Hosting;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;

namespace Kailash.IntegrationTests.Hosting;

/// <summary>
/// Hosted runtimes record on the <c>Kailash.Runtime</c> meter of the host's <see cref="IMeterFactory"/>, so each host's
/// metrics are its own; a runtime without a factory records on the process-wide meter.
/// </summary>
public sealed class MeterFactoryTests
{
    private static IHost NewHost()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Services.AddMetrics();
        // The tests tell runs apart by their workflow id, a high-cardinality tag that metrics carry only when asked.
        builder.Services.AddKailash(kailash => kailash.ConfigureRuntime((_, options) => options.EnableHighCardinalityMetricTags = true));
        return builder.Build();
    }

    private static Workflow Pipeline(string id)
        => new WorkflowBuilder(id).AddNode("PassThroughNode", "a", new() { ["data"] = 1 }).AddNode("PassThroughNode", "b").AddConnection("a", "data", "b", "data").Build();

    [Fact]
    public async Task HostedRuntimes_RecordOnTheirHostsMeter_AndOnlyThere()
    {
        using var first = NewHost();
        using var second = NewHost();
        using var firstRuns = new MetricCollector<long>(first.Services.GetRequiredService<IMeterFactory>(), KailashTelemetry.MeterName, KailashTelemetry.RunsStarted);
        using var secondRuns = new MetricCollector<long>(second.Services.GetRequiredService<IMeterFactory>(), KailashTelemetry.MeterName, KailashTelemetry.RunsStarted);
        using var firstNodes = new MetricCollector<long>(first.Services.GetRequiredService<IMeterFactory>(), KailashTelemetry.MeterName, KailashTelemetry.NodesCompleted);
        var workflow = Pipeline("meter-hosted");

        await first.Services.GetRequiredService<AsyncLocalRuntime>().ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);
        first.Services.GetRequiredService<LocalRuntime>().Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        await second.Services.GetRequiredService<AsyncLocalRuntime>().ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Same(first.Services.GetRequiredService<IMeterFactory>(), first.Services.GetRequiredService<LocalRuntime>().Options.MeterFactory);
        Assert.Equal(2, firstRuns.GetMeasurementSnapshot().Count);
        Assert.All(firstRuns.GetMeasurementSnapshot(), m => Assert.Equal("meter-hosted", m.Tags[KailashTelemetry.WorkflowIdTag]));
        Assert.Single(secondRuns.GetMeasurementSnapshot());
        Assert.Equal(4, firstNodes.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.NotSame(firstRuns.Instrument!.Meter, secondRuns.Instrument!.Meter);
    }

    [Fact]
    public void WithoutAFactory_TheProcessWideMeterIsTheFallback()
    {
        var id = $"meter-fallback-{Guid.NewGuid():N}";
        using var hosted = NewHost();
        using var notHosted = new MetricCollector<long>(hosted.Services.GetRequiredService<IMeterFactory>(), KailashTelemetry.MeterName, KailashTelemetry.RunsStarted);
        var seen = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KailashTelemetry.MeterName && instrument.Name == KailashTelemetry.RunsStarted && instrument.Meter.Scope is null)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == KailashTelemetry.WorkflowIdTag && tag.Value as string == id)
                {
                    lock (seen)
                    {
                        seen.Add(id);
                    }
                }
            }
        });
        listener.Start();
        using var runtime = new LocalRuntime(new RuntimeOptions { EnableHighCardinalityMetricTags = true });

        runtime.Execute(Pipeline(id), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(runtime.Options.MeterFactory);
        Assert.Single(seen);
        Assert.Empty(notHosted.GetMeasurementSnapshot());
    }
}
