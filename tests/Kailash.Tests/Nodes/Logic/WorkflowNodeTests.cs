using Kailash.Nodes;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using static Kailash.Tests.Nodes.CatalogueTestKit;

namespace Kailash.Tests.Nodes.Logic;

public sealed class WorkflowNodeTests : IDisposable
{
    private const string Inner = """
        {"workflow_id": "inner", "nodes": {"tax": {"node_type": "ExpressionNode", "config": {"expression": "net * rate"}}}, "connections": []}
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kailash-subflow-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static Dictionary<string, object?> InlineInner() => new()
    {
        ["workflow_id"] = "inner",
        ["nodes"] = new Dictionary<string, object?> { ["tax"] = new Dictionary<string, object?> { ["node_type"] = "ExpressionNode", ["config"] = new Dictionary<string, object?> { ["expression"] = "net * rate" } } },
        ["connections"] = new List<object?>(),
    };

    [Fact]
    public void InlineDocument_WithMappings_RunsAndExposesMappedOutputs()
    {
        var outputs = RunOne("WorkflowNode", new()
        {
            ["workflow_dict"] = InlineInner(),
            ["input_mapping"] = new Dictionary<string, object?> { ["amount"] = "tax.net", ["rate"] = new Dictionary<string, object?> { ["node"] = "tax", ["parameter"] = "rate" } },
            ["output_mapping"] = new Dictionary<string, object?> { ["gross"] = "tax.result" },
            ["amount"] = 10L,
            ["rate"] = 3L,
        });
        Assert.Equal(30L, outputs["gross"]);
    }

    [Fact]
    public void WithoutMappings_NodePrefixedInputsReachInnerNodes_AndResultsHoldEveryNode()
    {
        var outputs = RunOne("WorkflowNode", new() { ["workflow_dict"] = InlineInner(), ["tax_net"] = 4L, ["tax_rate"] = 5L });
        var results = Assert.IsType<Dictionary<string, object?>>(outputs["results"]);
        Assert.Equal(20L, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(results["tax"])["result"]);
    }

    [Fact]
    public void RegisteredName_RunsTheRegisteredWorkflow()
    {
        var registry = NodeRegistry.CreateDefault();
        registry.RegisterWorkflow("vat", WorkflowSerializer.LoadJson(Inner));
        var outputs = RunOne("WorkflowNode", new() { ["workflow_name"] = "vat", ["inputs"] = new Dictionary<string, object?> { ["net"] = 2L, ["rate"] = 7L } }, registry);
        Assert.Equal(14L, ((IReadOnlyDictionary<string, object?>)((Dictionary<string, object?>)outputs["results"]!)["tax"]!)["result"]);
        Assert.Equal("KWF081", BuildFails("WorkflowNode", new() { ["workflow_name"] = "vta" }, registry).Code);
    }

    [Fact]
    public void FilePath_LoadsUnderTheAllowedRoots_AndRefusesOthers()
    {
        var file = Path.Combine(_directory.FullName, "inner.json");
        File.WriteAllText(file, Inner);
        var outputs = RunOne("WorkflowNode", new() { ["workflow_path"] = file, ["tax_net"] = 3L, ["tax_rate"] = 3L }, Registry(false, _directory.FullName));
        Assert.Equal(9L, ((IReadOnlyDictionary<string, object?>)((Dictionary<string, object?>)outputs["results"]!)["tax"]!)["result"]);
        Assert.Equal("KWF100", BuildFails("WorkflowNode", new() { ["workflow_path"] = file }).Code);
        Assert.Equal("KWF081", BuildFails("WorkflowNode", new() { ["workflow_path"] = Path.Combine(_directory.FullName, "missing.json") }, Registry(false, _directory.FullName)).Code);
    }

    [Fact]
    public void AFileThatIncludesItself_IsRefusedAtBuild()
    {
        var a = Path.Combine(_directory.FullName, "a.json");
        var b = Path.Combine(_directory.FullName, "b.json");
        File.WriteAllText(a, SelfReferencing("a", b));
        File.WriteAllText(b, SelfReferencing("b", a));
        var error = BuildFails("WorkflowNode", new() { ["workflow_path"] = a }, Registry(false, _directory.FullName));
        Assert.Equal("KWF082", error.Code);
        Assert.Contains("includes itself", error.Message, StringComparison.Ordinal);
    }

    private static string SelfReferencing(string id, string target)
        => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["workflow_id"] = id,
            ["nodes"] = new Dictionary<string, object?> { ["sub"] = new Dictionary<string, object?> { ["node_type"] = "WorkflowNode", ["config"] = new Dictionary<string, object?> { ["workflow_path"] = target } } },
            ["connections"] = Array.Empty<object>(),
        });

    [Theory]
    [InlineData("{\"amount\": \"nope.net\"}", null, "does not have")]
    [InlineData(null, "{\"x\": \"tax.missing\"}", "reads output 'missing'")]
    public void BadMappings_AreRefusedAtBuild(string? inputs, string? outputs, string detail)
    {
        var config = new Dictionary<string, object?> { ["workflow_dict"] = InlineInner() };
        if (inputs is not null)
        {
            config["input_mapping"] = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(inputs)!.ToDictionary(p => p.Key, p => (object?)p.Value!.ToString());
        }

        if (outputs is not null)
        {
            config["output_mapping"] = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(outputs)!.ToDictionary(p => p.Key, p => (object?)p.Value!.ToString());
        }

        var error = BuildFails("WorkflowNode", config);
        Assert.Equal("KWF083", error.Code);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSourceOrTwoSources_AreConfigErrors()
    {
        Assert.Equal("KWF011", BuildFails("WorkflowNode", []).Code);
        Assert.Equal("KWF011", BuildFails("WorkflowNode", new() { ["workflow_name"] = "a", ["workflow_path"] = "b.json" }).Code);
    }
}
