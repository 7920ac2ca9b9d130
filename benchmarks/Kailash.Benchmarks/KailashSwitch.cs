using Kailash.Nodes.Logic;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// The <c>switch</c> shape for Kailash: start → <see cref="SwitchNode"/> (value &gt; 0) → t1 → t2 on the true branch,
/// f1 → f2 on the false branch. The true branch is taken: 4 nodes run, f1 and f2 are skipped.
/// </summary>
public static class KailashSwitch
{
    public const bool IsAvailable = true;

    public static Workflow Build() => new WorkflowBuilder("switch")
        .AddNode("start", new IncrementNode(), new() { ["value"] = 0L })
        .AddNode("switch", new SwitchNode(), new() { [SwitchNode.OperatorInput] = ">", [SwitchNode.ValueInput] = 0L })
        .AddNode("t1", new IncrementNode())
        .AddNode("t2", new IncrementNode())
        .AddNode("f1", new IncrementNode())
        .AddNode("f2", new IncrementNode())
        .AddConnection("start", "result", "switch", SwitchNode.InputData)
        .AddConnection("switch", SwitchNode.TrueOutput, "t1", "value")
        .AddConnection("switch", SwitchNode.FalseOutput, "f1", "value")
        .AddConnection("t1", "result", "t2", "value")
        .AddConnection("f1", "result", "f2", "value")
        .Build();
}
