using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Analytics;

/// <summary>
/// High-cardinality metric tags (<c>workflow.id</c>) are opt-in (issue 11): by default a metrics backend sees one series
/// per node type, not one per generated workflow id.
/// </summary>
public sealed class MetricTagTests
{
    [Fact]
    public void WorkflowIdTag_IsOffByDefault_AndOnWithTheOption()
    {
        var measured = new ConcurrentQueue<(string Instrument, bool HasWorkflowTag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KailashTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var mine = false;
            var workflowTag = false;
            foreach (var tag in tags)
            {
                mine |= tag.Key == KailashTelemetry.NodeTypeTag && tag.Value as string == nameof(MetricTagProbeNode);
                workflowTag |= tag.Key == KailashTelemetry.WorkflowIdTag;
            }

            if (mine)
            {
                measured.Enqueue((instrument.Name, workflowTag));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, _, t, _) => Record(i, t));
        listener.SetMeasurementEventCallback<double>((i, _, t, _) => Record(i, t));
        listener.Start();
        var workflow = new WorkflowBuilder("tags-" + Guid.NewGuid()).AddNode("probe", new MetricTagProbeNode()).Build();

        using (var plain = new LocalRuntime())
        {
            plain.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        }

        var byDefault = measured.ToArray();
        measured.Clear();
        using (var tagged = new LocalRuntime(new RuntimeOptions { EnableHighCardinalityMetricTags = true }))
        {
            tagged.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Contains(byDefault, m => m.Instrument == KailashTelemetry.NodesStarted);
        Assert.Contains(byDefault, m => m.Instrument == KailashTelemetry.NodeDuration);
        Assert.All(byDefault, m => Assert.False(m.HasWorkflowTag, m.Instrument));
        Assert.Contains(measured, m => m.Instrument == KailashTelemetry.NodesStarted);
        Assert.All(measured, m => Assert.True(m.HasWorkflowTag, m.Instrument));
    }

    /// <summary>A node type only this test uses, so parallel tests' measurements are told apart by the node-type tag.</summary>
    private sealed class MetricTagProbeNode : Node
    {
        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
            => new Dictionary<string, object?> { ["result"] = 1L };
    }
}
