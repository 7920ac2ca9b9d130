using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes.Code;

public sealed class ExpressionNodeTests
{
    [Fact]
    public void Configure_DeclaresEveryIdentifierAsInput()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("ExpressionNode", "calc", new() { ["expression"] = "data.score * factor + abs(offset)", ["output"] = "value" }).Build();
        var node = workflow.GetNode("calc").Node;

        Assert.Equal(["expression", "output", "data", "factor", "offset"], node.GetParameters().Select(p => p.Name));
        Assert.Equal(["value"], node.GetOutputs());
    }

    [Fact]
    public void Run_ComputesFromConfigConnectionsAndParameters()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("ExpressionNode", "source", new() { ["expression"] = "base * 2", ["base"] = 21 })
            .AddNode("ExpressionNode", "calc", new() { ["expression"] = "x + bonus" })
            .AddConnection("source", "result", "calc", "x")
            .Build();

        using var runtime = new LocalRuntime();
        var result = runtime.Execute(workflow, new Dictionary<string, object?> { ["bonus"] = 8L }, TestContext.Current.CancellationToken);

        Assert.Equal(42L, result["source"]["result"]);
        Assert.Equal(50L, result["calc"]["result"]);
    }

    [Fact]
    public void Build_SyntaxError_IsInvalidWorkflowWithKwf010()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode("ExpressionNode", "calc", new() { ["expression"] = "a +* b" }).Build());

        var problem = Assert.Single(error.Errors);
        Assert.Equal(ErrorCodes.InvalidExpression, problem.Code);
        Assert.Equal("calc", problem.NodeId);
        Assert.Equal("expression", problem.Port);
        Assert.StartsWith("Node 'calc' (ExpressionNode): ", problem.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "KWF010"));
    }

    [Fact]
    public void Build_MissingExpression_IsInvalidNodeConfig()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode("ExpressionNode", "calc").Build());
        Assert.Equal(ErrorCodes.InvalidNodeConfig, Assert.Single(error.Errors).Code);
    }

    [Fact]
    public void Run_EvaluationError_FailsNodeWithKwf047()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("ExpressionNode", "calc", new() { ["expression"] = "a / b", ["a"] = 1, ["b"] = 0 }).Build();
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, error.Code);
        Assert.Equal("calc", error.NodeId);
        Assert.Contains("division by zero", error.Message, StringComparison.Ordinal);
    }
}
