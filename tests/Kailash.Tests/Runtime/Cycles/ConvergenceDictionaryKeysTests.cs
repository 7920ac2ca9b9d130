using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Cycles;

/// <summary>As in Kailash, a convergence expression sees the keys of a dictionary-valued output (a code node's <c>result</c>) by name.</summary>
public class ConvergenceDictionaryKeysTests
{
    [Theory]
    [InlineData("converged == True")]
    [InlineData("converged")]
    [InlineData("count >= 4 and result['converged']")]
    public async Task ConvergeWhen_ReadsKeysOfADictionaryResult_OnBothRuntimes(string condition)
    {
        var workflow = Loop(condition);
        var parameters = new Dictionary<string, object?> { ["count"] = 0L };
        using var local = new LocalRuntime();
        await using var concurrent = new AsyncLocalRuntime();
        var sync = local.Execute(workflow, parameters, cancellationToken: TestContext.Current.CancellationToken);
        var async = await concurrent.ExecuteAsync(workflow, parameters, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var run in new[] { sync, async })
        {
            var result = Assert.IsType<Dictionary<string, object?>>(run["step"]["result"]);
            Assert.Equal(4L, result["count"]);
            Assert.Equal(true, result["converged"]);
        }
    }

    [Fact]
    public void UnknownName_IsStillRefusedWhenNoMemberCanProduceADictionary()
    {
        var ex = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("w")
            .AddNode("ExpressionNode", "inc", new() { ["expression"] = "count + 1" })
            .CreateCycle("c").Connect("inc", "result", "inc", "count").MaxIterations(5).ConvergeWhen("converged").Build()
            .Build());
        Assert.Contains("uses 'converged'", ex.Message, StringComparison.Ordinal);
    }

    private static Workflow Loop(string condition) => new WorkflowBuilder("dict-loop")
        .AddNode("step", new CountingNode())
        .CreateCycle("c").Connect("step", "result.count", "step", "count").MaxIterations(10).ConvergeWhen(condition).Build()
        .Build();

    /// <summary>Returns <c>result = {"count": n + 1, "converged": n + 1 >= 4}</c>, like a PythonCodeNode would.</summary>
    private sealed class CountingNode : Node
    {
        public override IReadOnlyList<NodeParameter> GetParameters() => [new NodeParameter("count", typeof(long)) { Required = true }];

        public override Type? GetOutputType(string port) => typeof(object);

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        {
            var next = inputs.Get<long>("count") + 1;
            return new Dictionary<string, object?> { ["result"] = new Dictionary<string, object?> { ["count"] = next, ["converged"] = next >= 4 } };
        }
    }
}
