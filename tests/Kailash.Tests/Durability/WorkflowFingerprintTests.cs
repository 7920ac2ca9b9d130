using Kailash.Durability;
using Kailash.Nodes.Data;
using Kailash.Workflows;

namespace Kailash.Tests.Durability;

public sealed class WorkflowFingerprintTests
{
    [Fact]
    public void The_same_shape_gives_the_same_fingerprint_and_config_values_do_not_count()
    {
        var a = WorkflowFingerprint.Compute(Loop(max: 3, factor: 2));
        var b = WorkflowFingerprint.Compute(Loop(max: 3, factor: 7));

        Assert.Equal(a, b);
        Assert.Matches("^kwf1-sha256:[0-9a-f]{64}$", a);
    }

    [Fact]
    public void A_renamed_node_a_new_edge_or_other_cycle_settings_change_the_fingerprint()
    {
        var baseline = WorkflowFingerprint.Compute(Loop(max: 3, factor: 2));

        Assert.NotEqual(baseline, WorkflowFingerprint.Compute(Loop(max: 4, factor: 2)));
        Assert.NotEqual(baseline, WorkflowFingerprint.Compute(Loop(max: 3, factor: 2, secondId: "c")));
        Assert.NotEqual(baseline, WorkflowFingerprint.Compute(Loop(max: 3, factor: 2, extraEdge: true)));
    }

    private static Workflow Loop(int max, int factor, string secondId = "b", bool extraEdge = false)
    {
        var builder = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a", new() { ["factor"] = factor })
            .AddNode<PassThroughNode>(secondId)
            .AddNode<PassThroughNode>("tail")
            .AddConnection("a", "data", secondId, "data");
        if (extraEdge)
        {
            builder.AddConnection("a", "data", "tail", "data");
        }

        return builder.CreateCycle("loop").Connect(secondId, "a", new Dictionary<string, string> { ["data"] = "data" }).MaxIterations(max).Build().Build();
    }
}
