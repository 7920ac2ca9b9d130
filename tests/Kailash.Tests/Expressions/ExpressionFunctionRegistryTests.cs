using Kailash.Expressions;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.Expressions.ExpressionTestHelpers;

namespace Kailash.Tests.Expressions;

public class ExpressionFunctionRegistryTests
{
    [Fact]
    public void RegisteredFunction_IsCallableFromAnExpressionNode_OfThatRegistryOnly()
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Functions.Register("vat", value => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) * 1.2);
        var workflow = new WorkflowBuilder("vat", registry)
            .AddNode("ExpressionNode", "gross", new() { ["expression"] = "round(vat(net), 2)" })
            .Build();
        using var runtime = new LocalRuntime();
        var run = runtime.Execute(workflow, new Dictionary<string, object?> { ["net"] = 10L }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(12.0, run["gross"]["result"]);

        var elsewhere = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("other")
            .AddNode("ExpressionNode", "gross", new() { ["expression"] = "vat(net)" })
            .Build());
        Assert.Contains("unknown function 'vat'", elsewhere.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredFunction_WithAVariableArity_ChecksTheCallAtParseTime()
    {
        var functions = new ExpressionFunctionRegistry().Register("concat_all", 1, 3, args => string.Concat(args));
        Assert.Equal("ab1", ExpressionProgram.Parse("concat_all('a', 'b', 1)", functions).Evaluate(Scope()));
        var ex = Assert.Throws<ExpressionSyntaxException>(() => ExpressionProgram.Parse("concat_all()", functions));
        Assert.Contains("expects 1 to 3 arguments but got 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowingFunction_BecomesACodedEvaluationError()
    {
        var functions = new ExpressionFunctionRegistry().Register("boom", _ => throw new InvalidOperationException("no luck"));
        var ex = Assert.Throws<ExpressionEvaluationException>(() => ExpressionProgram.Parse("boom(1)", functions).Evaluate(Scope()));
        Assert.Equal("KWF047", ex.Code);
        Assert.Contains("function 'boom' failed: no luck", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_ReceivePlainValues()
    {
        object? seen = null;
        var functions = new ExpressionFunctionRegistry().Register("peek", value => seen = value);
        ExpressionProgram.Parse("peek([1, 'a'])", functions).Evaluate(Scope());
        Assert.Equal(new List<object?> { 1L, "a" }, seen);
    }

    [Theory]
    [InlineData("len")]
    [InlineData("and")]
    [InlineData("True")]
    [InlineData("2x")]
    [InlineData("a-b")]
    public void Register_RefusesBuiltInsKeywordsAndNonIdentifiers(string name)
        => Assert.Throws<ArgumentException>(() => new ExpressionFunctionRegistry().Register(name, v => v));

    [Fact]
    public void BuiltInRegistries_AreReadOnly()
    {
        Assert.True(NodeRegistry.BuiltIn.Functions.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => NodeRegistry.BuiltIn.Functions.Register("f", v => v));
        Assert.Throws<InvalidOperationException>(() => ExpressionFunctionRegistry.BuiltIn.Register("f", v => v));
        Assert.False(NodeRegistry.CreateDefault().Functions.IsReadOnly);
        Assert.Contains("upper", ExpressionFunctionRegistry.BuiltIn.Names);
    }

    [Fact]
    public void ConvergenceCondition_ResolvesTheWorkflowsRegistryFunctions()
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Functions.Register("enough", value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) >= 3);
        var workflow = new WorkflowBuilder("loop", registry)
            .AddNode("ExpressionNode", "inc", new() { ["expression"] = "count + 1" })
            .CreateCycle("c").Connect("inc", "result", "inc", "count").MaxIterations(10).ConvergeWhen("enough(result)").Build()
            .Build();
        using var runtime = new LocalRuntime();
        var run = runtime.Execute(workflow, new Dictionary<string, object?> { ["inc"] = new Dictionary<string, object?> { ["count"] = 0L } }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3L, run["inc"]["result"]);
    }
}
