using Kailash.Nodes;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Parameters;

public sealed class ConfigTemplateTests
{
    [Fact]
    public void WholeValueTemplate_KeepsTheParametersType_ThenConvertsToTheDeclaredType()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", Capture(P("items"), P("count", typeof(long))), new() { ["items"] = "${list}", ["count"] = "${n}" })
            .Build();
        var list = new List<object?> { 1L, 2L };

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["list"] = list, ["n"] = "7" }).Bind("n");

        Assert.Same(list, inputs["items"]);
        Assert.Equal(7L, inputs["count"]);
    }

    [Fact]
    public void EmbeddedTemplates_AreFormattedInvariantly_AndNestedValuesAreResolved()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", CaptureAny(), new()
            {
                ["text"] = "Hi ${name}, ratio ${ratio}, ok ${ok}, none '${none}'",
                ["nested"] = new Dictionary<string, object?> { ["url"] = "https://${db.host}:${db.port}/x", ["list"] = new List<object?> { "${name}", 3 } },
                ["literal"] = "cost $${price}",
            })
            .Build();
        var parameters = new Dictionary<string, object?>
        {
            ["name"] = "Ada",
            ["ratio"] = 0.5,
            ["ok"] = true,
            ["none"] = null,
            ["db"] = new Dictionary<string, object?> { ["host"] = "h", ["port"] = 5432 },
        };

        var inputs = new BindingHarness(workflow, parameters).Bind("n");

        Assert.Equal("Hi Ada, ratio 0.5, ok true, none ''", inputs["text"]);
        var nested = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(inputs["nested"]);
        Assert.Equal("https://h:5432/x", nested["url"]);
        Assert.Equal(new object?[] { "Ada", 3 }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(nested["list"]));
        Assert.Equal("cost ${price}", inputs["literal"]);
        Assert.Equal("Hi ${name}, ratio ${ratio}, ok ${ok}, none '${none}'", workflow.GetNode("n").Config["text"]);
    }

    [Fact]
    public void Template_PrefersTheNodesOwnParameterOverTheWorkflowLevelOne()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", CaptureAny(), new() { ["text"] = "${who}" }).Build();

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["who"] = "all", ["n"] = new Dictionary<string, object?> { ["who"] = "me" } }).Bind("n");

        Assert.Equal("me", inputs["text"]);
    }

    [Fact]
    public void UnresolvedTemplate_IsRefusedBeforeTheRunWithKwf031NamingTheTemplate()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", CaptureAny(), new() { ["text"] = "Hello ${user}" }).Build();

        var error = BindingHarness.Refused(workflow, new Dictionary<string, object?> { ["usr"] = "x" }, new Kailash.Runtime.RuntimeOptions { UnknownParameters = Kailash.Runtime.Parameters.UnknownParameterHandling.Warn });

        Assert.Equal(ErrorCodes.UnresolvedTemplate, error.Code);
        Assert.Equal("text", error.Port);
        Assert.Equal("n", error.NodeId);
        Assert.Equal("nodes.n.config.text", error.Location);
        Assert.Contains("uses the template '${user}', but no parameter 'user' was passed. Did you mean 'usr'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HigherPrecedenceValue_MeansTheTemplateIsNeverResolved()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("text")), new() { ["text"] = "${missing}" }).Build();

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["n"] = new Dictionary<string, object?> { ["text"] = "given" } }).Bind("n");

        Assert.Equal("given", inputs["text"]);
    }

    [Fact]
    public void ResolvedTemplate_IsCheckedAgainstTheDeclaredType_BeforeTheRun()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(new NodeParameter("count", typeof(long)))).Build();
        var templated = new WorkflowBuilder("wf2").AddNode("n", Capture(new NodeParameter("count", typeof(long))), new() { ["count"] = "${n}" }).Build();

        var error = BindingHarness.Refused(templated, new Dictionary<string, object?> { ["n"] = "lots" });

        Assert.Empty(new BindingHarness(workflow).Bind("n"));
        Assert.Equal(ErrorCodes.CoercionFailed, error.Code);
        Assert.Contains("config 'count'", error.Message, StringComparison.Ordinal);
    }
}
