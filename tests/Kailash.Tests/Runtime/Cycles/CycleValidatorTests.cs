using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Runtime.Engine;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.Cycles.CycleTestKit;

namespace Kailash.Tests.Runtime.Cycles;

public sealed class CycleValidatorTests
{
    [Fact]
    public void Build_CycleWithoutExitCondition_IsRejected()
    {
        var builder = Loop().CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).Build();

        var error = Single(builder);

        Assert.Equal(ErrorCodes.InvalidCycle, error.Code);
        Assert.Contains("no exit condition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidLimitsFromASpec_AreRejected()
    {
        var spec = new CycleSpec("loop", [new Connection("counter", "count", "counter", "count")]) { MaxIterations = 0, Timeout = TimeSpan.Zero };

        var errors = Assert.Throws<WorkflowValidationException>(() => Loop().AddCycle(spec).Build()).Errors;

        Assert.Contains(errors, e => e.Location == "cycles.loop.max_iterations");
        Assert.Contains(errors, e => e.Location == "cycles.loop.timeout");
    }

    [Fact]
    public void Build_ConvergenceSyntaxError_IsABuildError_KWF010()
    {
        var builder = Loop().CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("done == ").MaxIterations(3).Build();

        var error = Single(builder);

        Assert.Equal(ErrorCodes.InvalidExpression, error.Code);
        Assert.Equal("cycles.loop.converge_when", error.Location);
    }

    [Fact]
    public void Build_ConvergenceTypo_IsABuildError_WithASuggestion()
    {
        var builder = Loop().CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("doen == true").MaxIterations(3).Build();

        var error = Single(builder);

        Assert.Equal(ErrorCodes.InvalidExpression, error.Code);
        Assert.Contains("'doen'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'done'?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("done == True")]
    [InlineData("counter.done && iteration >= 1")]
    [InlineData("abs(count - 3) < 1 || elapsed_time > 60")]
    public void Build_ConvergenceNames_AcceptNodeIdsPortsAndReservedNames(string expression)
    {
        var workflow = Loop().CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen(expression).MaxIterations(10).Build().Build();

        Assert.Equal(expression, Assert.Single(workflow.Cycles).ConvergeWhen);
    }

    [Fact]
    public void Build_UnknownNameWithADynamicOutputMember_IsLeftToTheRun()
    {
        var workflow = new WorkflowBuilder("dynamic")
            .AddNode("n", new LambdaNode((i, _) => new Dictionary<string, object?> { ["score"] = 1L }))
            .CreateCycle("loop").Connect("n", "score", "n", "x").ConvergeWhen("score > 0").MaxIterations(3).Build()
            .Build();

        Assert.Single(workflow.Cycles);
    }

    [Fact]
    public void Build_NestedCycles_AreRejected()
    {
        var builder = new WorkflowBuilder("nested")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data")
            .CreateCycle("outer").Connect("b", "data", "a", "data").MaxIterations(3).Build()
            .CreateCycle("inner").Connect("b", "data", "b", "data").MaxIterations(2).Build();

        var error = Single(builder);

        Assert.Equal(ErrorCodes.InvalidCycle, error.Code);
        Assert.Contains("nested or overlapping cycles are not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CycleEdgeThatClosesNoLoop_IsRejected()
    {
        var builder = new WorkflowBuilder("open")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .CreateCycle("loop").Connect("a", "data", "b", "data").MaxIterations(3).Build();

        var error = Single(builder);

        Assert.Contains("does not close a loop", error.Message, StringComparison.Ordinal);
        Assert.Equal("cycles.loop.connections[0]", error.Location);
    }

    [Fact]
    public void Build_CycleSpanningTwoLoops_IsRejected()
    {
        var builder = new WorkflowBuilder("two")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .CreateCycle("loop").Connect("a", "data", "a", "data").Connect("b", "data", "b", "data").MaxIterations(3).Build();

        var error = Single(builder);

        Assert.Contains("spans two separate loops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CycleEdgeRunningForward_IsRejected()
    {
        var builder = new WorkflowBuilder("forward")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .CreateCycle("loop").Connect("a", "data", "b", "data").Connect("b", "data", "a", "data").MaxIterations(3).Build();

        var error = Single(builder);

        Assert.Contains("runs forward within an iteration", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", error.NodeId);
    }

    [Fact]
    public void Plan_RunsCycleEdgeTargetsFirst_WhenRegularEdgesAllowIt()
    {
        var workflow = new WorkflowBuilder("order")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("c")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data")
            .AddConnection("c", "data", "b", "data")
            .CreateCycle("loop").Connect("b", "data", "a", "data").Connect("a", "data", "c", "data").MaxIterations(2).Build()
            .Build();

        var cycle = Assert.Single(ExecutionPlanBuilder.Build(workflow).Cycles);

        Assert.Equal(["c", "a", "b"], cycle.Members.Select(m => ExecutionPlanBuilder.Build(workflow).Nodes[m].Id));
    }

    [Fact]
    public void CreateCycle_OnABuiltWorkflow_IsValidatedToo()
    {
        var workflow = Loop().Build();

        Assert.Throws<WorkflowValidationException>(() => workflow.CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("nope").Build());
        var looped = workflow.CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("done").Build();
        Assert.Single(looped.Cycles);
    }

    private static WorkflowBuilder Loop() => new WorkflowBuilder("wf").AddNode("counter", Counter());

    private static WorkflowError Single(WorkflowBuilder builder)
        => Assert.Single(Assert.Throws<WorkflowValidationException>(builder.Build).Errors);
}
