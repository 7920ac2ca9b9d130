using Kailash.Nodes;

namespace Kailash.Samples;

/// <summary>Calls a node directly, as a node's own unit test does: no workflow, no runtime.</summary>
internal static class NodeTestingSample
{
    public static SampleOutcome Run()
    {
        // <snippet:node-unit-test>
        var node = new SplitNameNode();
        var inputs = NodeInputs.Create(new Dictionary<string, object?> { ["full_name"] = "Grace Brewster Hopper" });
        var context = NodeContext.Create(nodeId: "split");          // optional: logger, user, cycle state, token

        var outputs = node.Run(inputs, context);                    // the same call the engine makes
        Console.WriteLine(outputs["last"]);                         // Brewster Hopper

        SplitNameOutput typed = node.Run(new SplitNameInput("Ada Lovelace"), context);
        Console.WriteLine(typed.First);                             // Ada
        // </snippet:node-unit-test>

        return new SampleOutcome(nameof(NodeTestingSample))
            .Add("last", outputs["last"])
            .Add("first", typed.First)
            .Add("ports", string.Join(",", node.GetOutputs()));
    }
}
