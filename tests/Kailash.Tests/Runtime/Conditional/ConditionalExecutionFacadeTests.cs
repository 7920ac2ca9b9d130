using System.Collections.Concurrent;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Conditional;

public sealed class ConditionalExecutionFacadeTests
{
    [Fact]
    public void HasConditionalPatterns_IsTrueOnlyWithASwitch_CyclesIncluded()
    {
        using var runtime = new LocalRuntime();
        var plain = new WorkflowBuilder("plain").AddNode("a", TestRuns.Constant(1L)).Build();
        var cyclic = new WorkflowBuilder("cyclic")
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "is_null" })
            .AddNode<Kailash.Nodes.Data.PassThroughNode>("p")
            .AddConnection("sw", "false_output", "p", "data")
            .CreateCycle("loop").Connect("p", "data", "sw", "input_data").MaxIterations(3).Build()
            .Build();

        Assert.False(runtime.Conditional.HasConditionalPatterns(plain));
        Assert.True(runtime.Conditional.HasConditionalPatterns(ConditionalRouterTests.StatusRouter("ok", new())));
        Assert.True(runtime.Conditional.HasConditionalPatterns(cyclic));
    }

    [Fact]
    public void HasConditionalPatterns_CountsACustomNodeThatOverridesIsOutputActive()
    {
        using var runtime = new LocalRuntime();
        var custom = new WorkflowBuilder("custom").AddNode("r", new EvenRouter()).Build();

        Assert.True(new EvenRouter().IsRouting);
        Assert.True(runtime.Conditional.HasConditionalPatterns(custom));
    }

    [Theory]
    [InlineData(ConditionalExecutionMode.RouteData)]
    [InlineData(ConditionalExecutionMode.SkipBranches)]
    public void GetExecutionPathDebugInfo_ExplainsBranchesSkipsAndCounts(ConditionalExecutionMode mode)
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ConditionalExecution = mode });
        var workflow = ConditionalRouterTests.StatusRouter("bad", new ConcurrentQueue<string>());
        var result = runtime.Execute(workflow, null, TestContext.Current.CancellationToken);

        var info = runtime.Conditional.GetExecutionPathDebugInfo(workflow, result);

        Assert.Equal(mode, info.Mode);
        var branch = Assert.Single(info.Branches);
        Assert.Equal("sw", branch.NodeId);
        Assert.Equal(false, branch.ConditionResult);
        Assert.Equal(["false_output"], branch.TakenPorts);
        Assert.Equal(["true_output"], branch.NotTakenPorts);
        var skipped = Assert.Single(info.SkippedNodes);
        Assert.Equal("t", skipped.NodeId);
        Assert.Equal(SkipReason.ConditionalRouting, skipped.Reason);
        Assert.Equal(["'sw.true_output' → 'data': branch not taken (condition_result = false)"], skipped.Causes);
        Assert.Equal(5, info.ExecutedCount);
        Assert.Equal(1, info.SkippedCount);
        Assert.Contains("skipped 't' (ConditionalRouting)", info.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetExecutionPathDebugInfo_ExplainsTransitiveAndFailureSkips()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = new WorkflowBuilder("why")
            .AddNode("src", TestRuns.Constant(1L))
            .AddNode("boom", TestRuns.Throwing(new(), "boom"))
            .AddNode("after", TestRuns.Recording(new(), "after"))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "is_null" })
            .AddNode("t", TestRuns.Recording(new(), "t"))
            .AddNode("t2", TestRuns.Recording(new(), "t2"))
            .AddConnection("src", "result", "boom", "data")
            .AddConnection("boom", "data", "after", "data")
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "t", "data")
            .AddConnection("t", "data", "t2", "data")
            .Build();
        var result = runtime.Execute(workflow, null, TestContext.Current.CancellationToken);

        var info = runtime.Conditional.GetExecutionPathDebugInfo(workflow, result);

        var byId = info.SkippedNodes.ToDictionary(s => s.NodeId);
        Assert.Equal(["'boom.data' → 'data': 'boom' failed"], byId["after"].Causes);
        Assert.Equal(["'t.data' → 'data': 't' was skipped (ConditionalRouting)"], byId["t2"].Causes);
        Assert.Contains("boom", info.ExecutedNodes);
    }

    [Fact]
    public void GetExecutionPathDebugInfo_RejectsAResultOfAnotherWorkflow()
    {
        using var runtime = new LocalRuntime();
        var other = new WorkflowBuilder("other").AddNode("a", TestRuns.Constant(1L)).Build();
        var result = runtime.Execute(other, null, TestContext.Current.CancellationToken);

        Assert.Throws<ArgumentException>(() => runtime.Conditional.GetExecutionPathDebugInfo(ConditionalRouterTests.StatusRouter("ok", new()), result));
    }

    [Fact]
    public void Mode_ReflectsTheRuntimeOptions()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ConditionalExecution = ConditionalExecutionMode.SkipBranches });

        Assert.Equal(ConditionalExecutionMode.SkipBranches, runtime.Conditional.Mode);
        Assert.Same(runtime.Conditional, runtime.Conditional);
    }

    private sealed class EvenRouter : Kailash.Nodes.Node
    {
        public override IReadOnlyDictionary<string, object?> Run(Kailash.Nodes.NodeInputs inputs, Kailash.Nodes.NodeContext context)
            => new Dictionary<string, object?> { ["even"] = 0L, ["odd"] = 1L };

        public override bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port) => port == "even";
    }
}
