using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.Nodes.CatalogueTestKit;

namespace Kailash.Tests.Nodes.Code;

public class CodeNodeTests
{
    private static readonly NodeRegistry Allowed = Registry(allowCode: true);

    [Theory]
    [InlineData("PythonCodeNode")]
    [InlineData("CSharpCodeNode")]
    public void CodeNodes_AreRefusedAtBuild_WithoutPermission(string type)
    {
        var error = BuildFails(type, new() { ["code"] = "result = 1" });
        Assert.Equal("KWF084", error.Code);
        Assert.Contains("--allow-code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonCodeNode_InputsAreVariables_AndResultIsTheOutput()
    {
        var outputs = RunOne("PythonCodeNode", new() { ["code"] = "result = {'total': sum(prices) * qty, 'root': math.sqrt(16), 'tags': (1, 2)}", ["prices"] = new List<object?> { 1.5, 2.5 }, ["qty"] = 2L }, Allowed);
        var result = Assert.IsType<Dictionary<string, object?>>(outputs["result"]);
        Assert.Equal(8.0, result["total"]);
        Assert.Equal(4.0, result["root"]);
        Assert.Equal(new List<object?> { 1L, 2L }, result["tags"]);
    }

    [Fact]
    public void PythonCodeNode_ReusesItsWorkerBetweenSteps()
    {
        var workflow = new WorkflowBuilder("pids", Allowed)
            .AddNode("PythonCodeNode", "a", new() { ["code"] = "import os\nresult = os.getpid()" })
            .AddNode("PythonCodeNode", "b", new() { ["code"] = "import os\nresult = [previous, os.getpid()]" })
            .AddConnection("a", "result", "b", "previous")
            .Build();
        var node = (PythonCodeNode)workflow.GetNode("a").Node;
        using var runtime = new LocalRuntime();
        var first = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var second = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(first["a"]["result"], second["a"]["result"]);
        Assert.True(node.ReuseWorkers);
    }

    [Fact]
    public void PythonCodeNode_ErrorsAreCoded()
    {
        var raised = RunFails("PythonCodeNode", new() { ["code"] = "result = 1 / 0" }, Allowed);
        Assert.Equal("KWF087", raised.Code);
        Assert.Contains("ZeroDivisionError", raised.Message, StringComparison.Ordinal);
        Assert.Equal("KWF087", RunFails("PythonCodeNode", new() { ["code"] = "result = (" }, Allowed).Code);
        Assert.Equal("KWF087", RunFails("PythonCodeNode", new() { ["code"] = "result = object()" }, Allowed).Code);
        Assert.Equal("KWF086", RunFails("PythonCodeNode", new() { ["code"] = "result = 1", ["python"] = "/nonexistent/python3" }, Allowed).Code);
        var slow = RunFails("PythonCodeNode", new() { ["code"] = "while True:\n    pass", ["timeout"] = 0.5 }, Allowed);
        Assert.Equal("KWF089", slow.Code);
    }

    [Fact]
    public void PythonCodeNode_PrintDoesNotBreakTheProtocol()
        => Assert.Equal("ok", RunOne("PythonCodeNode", new() { ["code"] = "print('noise')\nresult = 'ok'" }, Allowed)["result"]);

    [Fact]
    public void PythonCodeNode_IsRefusedAtRunTime_WhenTheRuntimeDisallowsCode()
    {
        var workflow = new WorkflowBuilder("w", Allowed).AddNode("PythonCodeNode", "p", new() { ["code"] = "result = 1" }).Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { Permissions = new Kailash.Security.WorkflowPermissions { AllowCode = false } });
        var ex = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("KWF084", Assert.IsAssignableFrom<KailashException>(ex.InnerException).Code);
    }

    [Fact]
    public void CSharpCodeNode_RunsTypedInputs_AndCompilesOnce()
    {
        var config = new Dictionary<string, object?> { ["code"] = "return count + Inputs.Get<long>(\"step\");", ["inputs"] = new Dictionary<string, object?> { ["count"] = "long" }, ["count"] = 40L, ["step"] = 2L };
        Assert.Equal(42L, RunOne("CSharpCodeNode", config, Allowed)["result"]);
        Assert.Equal(42L, RunOne("CSharpCodeNode", config, Allowed)["result"]);
    }

    [Fact]
    public void CSharpCodeNode_ErrorsAreCoded()
    {
        var error = BuildFails("CSharpCodeNode", new() { ["code"] = "return missing + 1;" }, Allowed);
        Assert.Equal("KWF085", error.Code);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Equal("KWF011", BuildFails("CSharpCodeNode", new() { ["code"] = "1", ["inputs"] = new Dictionary<string, object?> { ["x"] = "Process" } }, Allowed).Code);
        Assert.Equal("KWF087", RunFails("CSharpCodeNode", new() { ["code"] = "throw new InvalidOperationException(\"nope\");" }, Allowed).Code);
    }
}
