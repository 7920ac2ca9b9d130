using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Validation;

public sealed class StructuralValidationTests
{
    [Fact]
    public void UnknownOutputPort_IsABuildErrorWithChoicesAndSuggestion()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "dta", "b", "data")
            .Build());

        var problem = Assert.Single(error.Errors);
        Assert.Equal(ErrorCodes.UnknownOutputPort, problem.Code);
        Assert.Equal("a", problem.NodeId);
        Assert.Equal("dta", problem.Port);
        Assert.Equal("connections[0]", problem.Location);
        Assert.Contains("node 'a' (PassThroughNode) has no output 'dta'. Did you mean 'data'? Its outputs: 'data'.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DottedSourcePath_IsCheckedByItsFirstSegment_AndDynamicOutputsAcceptAnyPort()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode("dynamic", new LambdaNode((_, _) => new Dictionary<string, object?>(), null, null))
            .AddNode<PassThroughNode>("b")
            .AddNode<PassThroughNode>("c")
            .AddConnection("a", "data.payload.score", "b", "data")
            .AddConnection("dynamic", "anything", "c", "data")
            .Build();

        Assert.Equal(2, workflow.Connections.Count);
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode<PassThroughNode>("a").AddNode<PassThroughNode>("b").AddConnection("a", "result.score", "b", "data").Build());
        Assert.Equal("result", Assert.Single(error.Errors).Port);
    }

    [Fact]
    public void ConnectionIntoAnUndeclaredInput_IsABuildError_UnlessTheNodeAcceptsAnyInput()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode("sum", Capture(P("left"), P("right")))
            .AddNode("any", CaptureAny())
            .AddConnection("a", "data", "sum", "rihgt")
            .AddConnection("a", "data", "any", "whatever")
            .Build());

        var problem = Assert.Single(error.Errors);
        Assert.Equal(ErrorCodes.UndeclaredInput, problem.Code);
        Assert.Equal("sum", problem.NodeId);
        Assert.Equal("rihgt", problem.Port);
        Assert.Contains("declares no input 'rihgt'. Did you mean 'right'? Its inputs: 'left', 'right'.", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CycleEdges_AreCheckedLikeRegularConnections()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data")
            .CreateCycle("loop").Connect("b", "dat", "a", "date").MaxIterations(2).Build()
            .Build());

        Assert.Equal([ErrorCodes.UnknownOutputPort, ErrorCodes.UndeclaredInput], error.Errors.Select(e => e.Code));
        Assert.All(error.Errors, e => Assert.StartsWith("cycles.loop.connections[0]", e.Location, StringComparison.Ordinal));
    }

    [Fact]
    public void TypeMismatch_WhereBothEndsDeclareTypes_IsABuildError()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode("text", new TypedSource(typeof(string)))
            .AddNode("count", new TypedSource(typeof(long)))
            .AddNode("flags", new TypedSource(typeof(List<bool>)))
            .AddNode("sink", Capture(P("number", typeof(long)), P("label", typeof(string)), P("anything"), P("table", typeof(Dictionary<string, object?>))))
            .AddConnection("text", "value", "sink", "number")
            .AddConnection("count", "value", "sink", "label")
            .AddConnection("count", "value", "sink", "anything")
            .AddConnection("flags", "value", "sink", "table")
            .Build());

        Assert.Equal(2, error.Errors.Count);
        Assert.All(error.Errors, e => Assert.Equal(ErrorCodes.TypeMismatch, e.Code));
        Assert.Contains(error.Errors, e => e.Port == "label" && e.Message.Contains("is declared Int64, but input 'label' of node 'sink' expects String", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Port == "table" && e.Message.Contains("List<Boolean>", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigValueOfADeclaredInput_MustConvertAndBeAnAllowedChoice()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode("n", Capture(P("count", typeof(long)), new NodeParameter("mode", typeof(string)) { Choices = ["a", "b"] }, P("later", typeof(long))), new()
            {
                ["count"] = "abc",
                ["mode"] = "c",
                ["later"] = "${n}",
            })
            .Build());

        Assert.Equal([ErrorCodes.CoercionFailed, ErrorCodes.InvalidChoice], error.Errors.Select(e => e.Code));
        Assert.Equal("nodes.n.config.count", error.Errors[0].Location);
        Assert.StartsWith("Node 'n' input 'count' expects Int64, but config 'count' is a string that cannot be converted", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("KWF032: Node 'n'", error.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ReportsEveryProblemTogether()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a")
            .AddNode<PassThroughNode>("a")
            .AddNode("NoSuchNode", "x")
            .AddNode<PassThroughNode>("b")
            .AddConnection("a", "nope", "b", "nein")
            .AddConnection("ghost", "data", "b", "data")
            .Build());

        Assert.Equal(
            [ErrorCodes.DuplicateNodeId, ErrorCodes.UnknownNodeType, ErrorCodes.UnknownOutputPort, ErrorCodes.UndeclaredInput, ErrorCodes.UnknownSourceNode],
            error.Errors.Select(e => e.Code));
    }

    private sealed class TypedSource(Type type) : Node
    {
        public override IReadOnlyList<string> GetOutputs() => ["value"];

        public override Type? GetOutputType(string port) => port == "value" ? type : null;

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context) => new Dictionary<string, object?> { ["value"] = null };
    }
}
