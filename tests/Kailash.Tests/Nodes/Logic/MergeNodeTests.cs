using Kailash.Nodes;
using Kailash.Nodes.Logic;
using Kailash.Workflows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kailash.Tests.Nodes.Logic;

public sealed class MergeNodeTests
{
    private static readonly NodeContext Context = new("run", "wf", "merge", "MergeNode", true, NullLogger.Instance, null, null, default);

    [Fact]
    public void Run_Concat_ConcatenatesListsInNumericInputOrder()
    {
        var merged = Merge(new() { ["data10"] = new List<object?> { 3L }, ["data2"] = new List<object?> { 2L }, ["data1"] = new List<object?> { 1L } });

        Assert.Equal([1L, 2L, 3L], Assert.IsType<List<object?>>(merged));
    }

    [Fact]
    public void Run_Concat_MixedValues_GivesAListOfTheInputs()
    {
        var merged = Merge(new() { ["data1"] = 1L, ["data2"] = "b", ["data3"] = new List<object?> { 3L } });

        var list = Assert.IsType<List<object?>>(merged);
        Assert.Equal(3, list.Count);
        Assert.Equal(1L, list[0]);
        Assert.Equal("b", list[1]);
    }

    [Fact]
    public void Run_WithoutData1_MergesWhatIsPresent()
    {
        Assert.Equal("only", Merge(new() { ["data2"] = "only" }));
    }

    [Fact]
    public void Run_SkipNone_IgnoresNulls_AndAllNullGivesNull()
    {
        Assert.Equal("x", Merge(new() { ["data1"] = null, ["data2"] = "x" }));
        Assert.Null(Merge(new() { ["data1"] = null, ["data2"] = null }));
        var kept = Assert.IsType<List<object?>>(Merge(new() { ["data1"] = null, ["data2"] = "x", ["skip_none"] = false }));
        Assert.Equal([null, "x"], kept);
    }

    [Fact]
    public void Run_Zip_PairsItemsUpToTheShortestInput()
    {
        var merged = Assert.IsType<List<object?>>(Merge(new() { ["merge_type"] = "zip", ["data1"] = new List<object?> { 1L, 2L, 3L }, ["data2"] = new List<object?> { "a", "b" } }));

        Assert.Equal(2, merged.Count);
        Assert.Equal([1L, "a"], Assert.IsType<List<object?>>(merged[0]));
        Assert.Equal([2L, "b"], Assert.IsType<List<object?>>(merged[1]));
    }

    [Fact]
    public void Run_MergeDict_LaterInputsWin()
    {
        var merged = Assert.IsType<Dictionary<string, object?>>(Merge(new()
        {
            ["merge_type"] = "merge_dict",
            ["data1"] = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = 1L },
            ["data2"] = new Dictionary<string, object?> { ["b"] = 2L, ["c"] = 2L },
        }));

        Assert.Equal(1L, merged["a"]);
        Assert.Equal(2L, merged["b"]);
        Assert.Equal(2L, merged["c"]);
    }

    [Fact]
    public void Run_MergeDict_OnListsWithKey_JoinsRows()
    {
        var merged = Assert.IsType<List<object?>>(Merge(new()
        {
            ["merge_type"] = "merge_dict",
            ["key"] = "id",
            ["data1"] = new List<object?> { new Dictionary<string, object?> { ["id"] = 1L, ["name"] = "a" }, new Dictionary<string, object?> { ["id"] = 2L, ["name"] = "b" } },
            ["data2"] = new List<object?> { new Dictionary<string, object?> { ["id"] = 2L, ["score"] = 9L }, new Dictionary<string, object?> { ["id"] = 3L, ["score"] = 7L } },
        }));

        Assert.Equal(3, merged.Count);
        var joined = Assert.IsType<Dictionary<string, object?>>(merged[1]);
        Assert.Equal("b", joined["name"]);
        Assert.Equal(9L, joined["score"]);
    }

    [Fact]
    public void Run_MergeDict_OnScalars_FailsWithAClearMessage()
    {
        var error = Assert.Throws<KailashException>(() => Merge(new() { ["merge_type"] = "merge_dict", ["data1"] = 1L, ["data2"] = 2L }));

        Assert.Contains("merge_dict needs dictionaries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownInput_IsNeverSilentlyDropped()
    {
        var error = Assert.Throws<KailashException>(() => Merge(new() { ["data1"] = 1L, ["items"] = 2L }));

        Assert.Equal(ErrorCodes.UndeclaredInput, error.Code);
        Assert.Equal("items", error.Port);
    }

    [Fact]
    public void Build_UnknownMergeType_IsAnInvalidWorkflow()
    {
        var builder = new WorkflowBuilder("wf").AddNode("MergeNode", "merge", new() { ["merge_type"] = "concatt" });

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(builder.Build).Errors);

        Assert.Equal(ErrorCodes.InvalidNodeConfig, error.Code);
        Assert.Contains("Did you mean 'concat'", error.Message, StringComparison.Ordinal);
    }

    private static object? Merge(Dictionary<string, object?> values)
    {
        var node = new MergeNode();
        foreach (var parameter in node.GetParameters())
        {
            if (parameter.HasDefault)
            {
                values.TryAdd(parameter.Name, parameter.Default);
            }
        }

        return node.Run(NodeInputs.Create(values, "merge"), Context)[MergeNode.MergedDataOutput];
    }
}
