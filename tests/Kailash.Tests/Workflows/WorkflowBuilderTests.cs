using Kailash.Nodes.Data;
using Kailash.Workflows;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Workflows;

public sealed class WorkflowBuilderTests
{
    [Fact]
    public void Build_ReturnsImmutableWorkflow_WithNodesAndConnectionsInOrder()
    {
        var workflow = new WorkflowBuilder("wf")
            .WithName("My flow")
            .AddNode("PassThroughNode", "a", new() { ["data"] = 1 })
            .AddNode<PassThroughNode>("b")
            .AddNode("c", AddOne())
            .AddConnection("a", "data", "b", "data")
            .Build();

        Assert.Equal("wf", workflow.Id);
        Assert.Equal("My flow", workflow.Name);
        Assert.Equal(["a", "b", "c"], workflow.Nodes.Select(n => n.Id));
        Assert.Equal("PassThroughNode", workflow.GetNode("b").TypeName);
        Assert.Equal("LambdaNode", workflow.GetNode("c").TypeName);
        var connection = Assert.Single(workflow.Connections);
        Assert.Equal(new Connection("a", "data", "b", "data"), connection);
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, object?>)workflow.GetNode("a").Config)["data"] = 2);
    }

    [Fact]
    public void Build_Twice_ThrowsSingleUseError()
    {
        var builder = new WorkflowBuilder("wf").AddNode<PassThroughNode>("a");
        builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.StartsWith(ErrorCodes.BuilderAlreadyBuilt, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => builder.AddNode<PassThroughNode>("b"));
    }

    [Fact]
    public void DuplicateIds_AreRejectedInEveryForm()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode("PassThroughNode", "a")
            .AddNode<PassThroughNode>("a")
            .AddNode("a", AddOne())
            .Build());

        Assert.Equal(2, error.Errors.Count(e => e.Code == ErrorCodes.DuplicateNodeId && e.NodeId == "a"));
    }

    [Fact]
    public void Build_ReportsAllStructuralErrorsTogether()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode("PassThruNode", "a")
            .AddNode<PassThroughNode>("b")
            .AddNode<PassThroughNode>("c")
            .AddConnection("b", "data", "missing", "data")
            .AddConnection("nowhere", "data", "b", "data")
            .AddConnection("b", "data", "c", "data")
            .AddConnection("c", "data", "b", "data")
            .Build());

        var codes = error.Errors.Select(e => e.Code).ToList();
        Assert.Contains(ErrorCodes.UnknownNodeType, codes);
        Assert.Contains(ErrorCodes.UnknownTargetNode, codes);
        Assert.Contains(ErrorCodes.UnknownSourceNode, codes);
        Assert.Contains(ErrorCodes.UnmarkedCycle, codes);
        var unknownType = error.Errors.Single(e => e.Code == ErrorCodes.UnknownNodeType);
        Assert.Contains("Did you mean 'PassThroughNode'?", unknownType.Message, StringComparison.Ordinal);
        Assert.Equal("a", unknownType.NodeId);
        Assert.Contains("4 problems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnmarkedCycle_NamesOnlyTheLoopMembers()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("before")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddNode<PassThroughNode>("after")
            .AddConnection("before", "data", "a", "data")
            .AddConnection("a", "data", "b", "data")
            .AddConnection("b", "data", "a", "data")
            .AddConnection("b", "data", "after", "data")
            .Build());

        var problem = Assert.Single(error.Errors, e => e.Code == ErrorCodes.UnmarkedCycle);
        Assert.Contains("'a', 'b'", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'after'", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'before'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredCycle_IsNotAnUnmarkedCycle()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data")
            .CreateCycle("loop").Connect("b", "a", new Dictionary<string, string> { ["data"] = "data" }).MaxIterations(3).Build()
            .Build();

        var cycle = Assert.Single(workflow.Cycles);
        Assert.Equal(3, cycle.MaxIterations);
        Assert.Equal(new Connection("b", "data", "a", "data"), Assert.Single(cycle.Connections));
    }

    [Fact]
    public void CreateCycle_OnBuiltWorkflow_ReturnsNewWorkflow()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data")
            .Build();

        var looped = workflow.CreateCycle("loop").Connect("b", "data", "a", "data").ConvergeWhen("data == 1").Build();

        Assert.Empty(workflow.Cycles);
        Assert.Equal("data == 1", Assert.Single(looped.Cycles).ConvergeWhen);
        Assert.Throws<WorkflowValidationException>(() => workflow.CreateCycle("bad").Connect("b", "data", "zzz", "data").Build());
    }

    [Fact]
    public void GetNode_Unknown_SuggestsClosestId()
    {
        var workflow = new WorkflowBuilder("wf").AddNode<PassThroughNode>("reader").Build();

        var error = Assert.Throws<KeyNotFoundException>(() => workflow.GetNode("raeder"));
        Assert.Contains("Did you mean 'reader'?", error.Message, StringComparison.Ordinal);
    }
}
