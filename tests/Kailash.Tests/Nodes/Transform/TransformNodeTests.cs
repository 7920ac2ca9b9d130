using static Kailash.Tests.Nodes.CatalogueTestKit;

namespace Kailash.Tests.Nodes.Transform;

public class TransformNodeTests
{
    private static readonly List<object?> People = Rows(("ada", 36, "London"), ("lee", 17, "Seoul"), ("sam", 52, "Lagos"));

    private static List<string?> Names(object? list) => [.. Assert.IsType<List<object?>>(list).Select(i => ((Dictionary<string, object?>)i!)["name"] as string)];

    [Theory]
    [InlineData("age", ">=", 36L, "ada,sam")]
    [InlineData("age", "<", "40", "ada,lee")]
    [InlineData("city", "contains", "on", "ada")]
    [InlineData("city", "!=", "Seoul", "ada,sam")]
    [InlineData("missing", "==", null, "ada,lee,sam")]
    public void FilterNode_AppliesKailashOperators(string field, string op, object? value, string expected)
    {
        var outputs = RunOne("FilterNode", new() { ["data"] = People, ["field"] = field, ["operator"] = op, ["value"] = value });
        Assert.Equal(expected.Split(','), Names(outputs["filtered_data"]));
    }

    [Fact]
    public void FilterNode_FiltersScalarsAndByExpression()
    {
        Assert.Equal(new List<object?> { 4L, 5L }, RunOne("FilterNode", new() { ["data"] = new List<object?> { 1L, 4L, 5L }, ["operator"] = ">", ["value"] = 3L })["filtered_data"]);
        var outputs = RunOne("FilterNode", new() { ["data"] = People, ["expression"] = "age >= 18 and city.startswith('L')" });
        Assert.Equal(["ada", "sam"], Names(outputs["filtered_data"]));
    }

    [Fact]
    public void FilterNode_RefusesBadConfigAndData()
    {
        Assert.Equal("KWF034", BuildFails("FilterNode", new() { ["data"] = People, ["operator"] = "~=" }).Code);
        Assert.Equal("KWF010", BuildFails("FilterNode", new() { ["data"] = People, ["expression"] = "age >=" }).Code);
        Assert.Equal("KWF080", RunFails("FilterNode", new() { ["data"] = "not a list", ["value"] = 1L }).Code);
        var ex = RunFails("FilterNode", new() { ["data"] = People, ["expression"] = "age" });
        Assert.Contains("must produce True or False", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_AppliesOperationsAndExpressions_WithoutChangingTheInput()
    {
        var upper = RunOne("Map", new() { ["data"] = People, ["field"] = "name", ["new_field"] = "shout", ["operation"] = "upper" });
        var first = Assert.IsType<Dictionary<string, object?>>(Assert.IsType<List<object?>>(upper["mapped_data"])[0]);
        Assert.Equal("ADA", first["shout"]);
        Assert.Equal("ada", first["name"]);
        Assert.False(((Dictionary<string, object?>)People[0]!).ContainsKey("shout"));

        Assert.Equal(new List<object?> { 2.0, 4.0 }, RunOne("Map", new() { ["data"] = new List<object?> { 1L, 2L }, ["operation"] = "multiply", ["value"] = 2L })["mapped_data"]);
        Assert.Equal(new List<object?> { "a!", "b!" }, RunOne("Map", new() { ["data"] = new List<object?> { "a", "b" }, ["operation"] = "add", ["value"] = "!" })["mapped_data"]);
        Assert.Equal(new List<object?> { "ADA:36", "LEE:17", "SAM:52" }, RunOne("Map", new() { ["data"] = People, ["expression"] = "name.upper() + ':' + str(age)" })["mapped_data"]);
        Assert.Equal("KWF080", RunFails("Map", new() { ["data"] = new List<object?> { "x" }, ["operation"] = "multiply", ["value"] = 2L }).Code);
    }

    [Fact]
    public void Sort_SortsByFieldStablyAndReversed_AndRefusesMixedKeys()
    {
        Assert.Equal(["lee", "ada", "sam"], Names(RunOne("Sort", new() { ["data"] = People, ["field"] = "age" })["sorted_data"]));
        Assert.Equal(["sam", "ada", "lee"], Names(RunOne("Sort", new() { ["data"] = People, ["field"] = "age", ["reverse"] = true })["sorted_data"]));
        Assert.Equal(["ada", "sam", "lee"], Names(RunOne("Sort", new() { ["data"] = People, ["expression"] = "city == 'Seoul'" })["sorted_data"]));
        Assert.Equal(new List<object?> { null, 1L, 2.5, 3L }, RunOne("Sort", new() { ["data"] = new List<object?> { 3L, null, 2.5, 1L } })["sorted_data"]);
        var ex = RunFails("Sort", new() { ["data"] = new List<object?> { 1L, "a" } });
        Assert.Equal("KWF080", ex.Code);
        Assert.Contains("cannot be ordered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataTransformer_AppliesLambdasPerItemAndExpressionsToTheWhole()
    {
        var outputs = RunOne("DataTransformer", new()
        {
            ["data"] = People,
            ["transformations"] = new List<object?> { "lambda p: p['age'] * factor", "sum(result)" },
            ["factor"] = 2L,
        });
        Assert.Equal(210L, outputs["result"]);
        Assert.Equal("ADA", RunOne("DataTransformer", new() { ["data"] = "ada", ["transformations"] = new List<object?> { "lambda s: s.upper()" } })["result"]);
    }

    [Theory]
    [InlineData("result = 1\nresult = 2", "multi-line Python code needs a PythonCodeNode")]
    [InlineData("lambda a, b: a + b", "a lambda takes exactly one parameter")]
    [InlineData("lambda x: x +", "unexpected end")]
    public void DataTransformer_RefusesCodeAtBuild(string transformation, string detail)
    {
        var error = BuildFails("DataTransformer", new() { ["data"] = People, ["transformations"] = new List<object?> { transformation } });
        Assert.Equal("KWF010", error.Code);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }
}
