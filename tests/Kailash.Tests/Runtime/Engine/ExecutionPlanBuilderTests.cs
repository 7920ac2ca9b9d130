using Kailash.Nodes.Data;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

public sealed class ExecutionPlanBuilderTests
{
    [Fact]
    public void Build_OrdersTopologically_TiesByInsertionOrder()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("sink")
            .AddNode<PassThroughNode>("b")
            .AddNode<PassThroughNode>("a")
            .AddConnection("a", "data", "sink", "data")
            .AddConnection("b", "data", "a", "data")
            .Build();

        var plan = ExecutionPlanBuilder.Build(workflow);

        Assert.Equal(["b", "a", "sink"], plan.Nodes.Select(n => n.Id));
        Assert.Equal([plan.IndexById["a"]], plan.Nodes[plan.IndexById["b"]].Dependents);
        Assert.Equal(3, plan.Units.Length);
        Assert.Equal([plan.Nodes[plan.IndexById["b"]].UnitIndex], plan.RootUnits);
    }

    [Fact]
    public void Build_SplitsDottedSourcePaths()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data.payload.score", "b", "data")
            .Build();

        var binding = Assert.Single(ExecutionPlanBuilder.Build(workflow).Nodes[1].Inputs);
        Assert.Equal("data", binding.SourcePort);
        Assert.Equal(["payload", "score"], binding.Path!);
        Assert.False(binding.IsCycleEdge);
    }

    [Fact]
    public void Build_GroupsCycleIntoOneUnit_WithMembersInIterationOrder()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("before")
            .AddNode<PassThroughNode>("b")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("after")
            .AddConnection("before", "data", "a", "data")
            .AddConnection("a", "data", "b", "data")
            .AddConnection("b", "data", "after", "data")
            .CreateCycle("loop").Connect("b", "data", "a", "data").MaxIterations(2).Build()
            .Build();

        var plan = ExecutionPlanBuilder.Build(workflow);

        Assert.Equal(["before", "a", "b", "after"], plan.Nodes.Select(n => n.Id));
        Assert.Equal(3, plan.Units.Length);
        var cycle = Assert.Single(plan.Cycles);
        Assert.Equal("loop", cycle.CycleId);
        Assert.Equal([plan.IndexById["a"], plan.IndexById["b"]], cycle.Members);
        var a = plan.Nodes[plan.IndexById["a"]];
        Assert.Equal(1, a.RegularInputCount);
        Assert.True(a.Inputs[1].IsCycleEdge);
    }

    [Fact]
    public void Build_LongChain_DoesNotOverflowTheStack()
    {
        var builder = new WorkflowBuilder("wf");
        builder.AddNode<PassThroughNode>("n0");
        for (var i = 1; i < 20_000; i++)
        {
            builder.AddNode<PassThroughNode>($"n{i}").AddConnection($"n{i - 1}", "data", $"n{i}", "data");
        }

        var plan = ExecutionPlanBuilder.Build(builder.Build());
        Assert.Equal("n19999", plan.Nodes[^1].Id);
    }
}
