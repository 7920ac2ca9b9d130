using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

public sealed class WorkflowSerializerRoundTripTests
{
    /// <summary>Everything a file can hold: extensions, metadata, unknown keys at every level, both cycle forms.</summary>
    private const string RichJson = """
    {
      "workflow_id": "rich",
      "name": "Rich workflow",
      "description": "every feature",
      "version": "3.2.1",
      "author": "someone",
      "metadata": { "created_at": "2026-11-24T03:09:40+00:00", "owner": { "team": "data", "ids": [1, 2.5, null, true] } },
      "nodes": {
        "src": { "node_id": "src", "node_type": "EchoNode", "config": { "code": "x = 1\n  y = 2\n", "threshold": 1.0, "tiny": 1e-7, "big": 12345678901234, "label": "true", "empty": "", "db": { "$secret": "DB_PASSWORD" }, "url": "https://${host}/api" },
                 "position": [0.0, 100.0], "retry": { "max_attempts": 3, "backoff": "exponential" }, "timeout": 30, "circuit_breaker": { "failure_threshold": 5 }, "x-unknown": null },
        "mid": { "node_type": "StrictNode", "config": { "mode": "fast" } },
        "sink": { "node_type": "PassThroughNode" },
        "tail": { "node_type": "EchoNode" },
        "lone": { "node_type": "EchoNode" }
      },
      "connections": [
        { "source_node": "src", "source_output": "result", "target_node": "mid", "target_input": "input", "note": "main path" },
        { "source_node": "mid", "source_output": "result", "target_node": "src", "target_input": "feedback", "cycle": true, "max_iterations": 10, "convergence_check": "done == true", "cycle_id": "inline-loop", "timeout": 1.5, "memory_limit": null },
        { "from": "mid", "to": "sink", "to_input": "data" },
        { "from": "sink", "from_output": "data", "to": "tail" }
      ],
      "cycles": [
        { "cycle_id": "listed-loop", "connections": [ { "source_node": "tail", "source_output": "result", "target_node": "sink", "target_input": "data", "weight": 2 } ],
          "max_iterations": 4, "converge_when": "iteration > 3", "timeout_seconds": 0.25, "owner": "cycles-team" }
      ],
      "x-top": { "kept": [1, 2] }
    }
    """;

    private static Workflow Json(string json) => WorkflowSerializer.LoadJson(json, TestRegistry.Create());

    private static Workflow Yaml(string yaml) => WorkflowSerializer.LoadYaml(yaml, TestRegistry.Create());

    [Fact]
    public void Json_SaveLoadSave_IsByteIdentical()
    {
        var first = WorkflowSerializer.ToJson(Json(RichJson));
        var second = WorkflowSerializer.ToJson(Json(first));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Yaml_SaveLoadSave_IsByteIdentical()
    {
        var first = WorkflowSerializer.ToYaml(Json(RichJson));
        var second = WorkflowSerializer.ToYaml(Yaml(first));

        Assert.Equal(first, second);
    }

    [Fact]
    public void JsonAndYaml_CarryTheSameDocument()
    {
        var json = WorkflowSerializer.ToJson(Json(RichJson));
        var viaYaml = WorkflowSerializer.ToJson(Yaml(WorkflowSerializer.ToYaml(Json(RichJson))));

        Assert.Equal(json, viaYaml);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("yaml")]
    public void RoundTrip_KeepsEveryModelField(string syntax)
    {
        var original = Json(RichJson);
        var reloaded = syntax == "json" ? Json(WorkflowSerializer.ToJson(original)) : Yaml(WorkflowSerializer.ToYaml(original));

        Assert.Equal(original.Id, reloaded.Id);
        Assert.Equal(original.Name, reloaded.Name);
        Assert.Equal(original.Description, reloaded.Description);
        Assert.Equal(original.Version, reloaded.Version);
        Assert.Equal(original.Metadata, reloaded.Metadata);
        Assert.Equal(original.Nodes.Select(n => (n.Id, n.TypeName)), reloaded.Nodes.Select(n => (n.Id, n.TypeName)));
        foreach (var node in original.Nodes)
        {
            Assert.Equal(node.Config, reloaded.GetNode(node.Id).Config);
            Assert.Equal(node.Extensions, reloaded.GetNode(node.Id).Extensions);
        }

        Assert.Equal(original.Connections, reloaded.Connections);
        Assert.Equal(2, reloaded.Cycles.Count);
        foreach (var (before, after) in original.Cycles.Zip(reloaded.Cycles))
        {
            Assert.Equal(before.CycleId, after.CycleId);
            Assert.Equal(before.Connections, after.Connections);
            Assert.Equal(before.MaxIterations, after.MaxIterations);
            Assert.Equal(before.ConvergeWhen, after.ConvergeWhen);
            Assert.Equal(before.Timeout, after.Timeout);
            Assert.Equal(before.IsInlineForm, after.IsInlineForm);
        }

        var config = reloaded.GetNode("src").Config;
        Assert.IsType<double>(config["threshold"]);
        Assert.IsType<long>(config["big"]);
        Assert.Equal("true", config["label"]);
        Assert.Equal(string.Empty, config["empty"]);
        Assert.Equal("x = 1\n  y = 2\n", config["code"]);
    }

    [Fact]
    public void Save_WritesCanonicalShape_WithExtensionsExtrasAndBothCycleForms()
    {
        var json = WorkflowSerializer.ToJson(Json(RichJson));

        Assert.Contains("\"node_type\": \"EchoNode\"", json, StringComparison.Ordinal);
        Assert.Contains("\"retry\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"circuit_breaker\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"x-unknown\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"author\": \"someone\"", json, StringComparison.Ordinal);
        Assert.Contains("\"x-top\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"note\": \"main path\"", json, StringComparison.Ordinal);
        Assert.Contains("\"weight\": 2", json, StringComparison.Ordinal);
        Assert.Contains("\"owner\": \"cycles-team\"", json, StringComparison.Ordinal);
        Assert.Contains("\"threshold\": 1.0", json, StringComparison.Ordinal);
        Assert.Contains("\"db\": {\n", json, StringComparison.Ordinal);
        Assert.Contains("\"$secret\": \"DB_PASSWORD\"", json, StringComparison.Ordinal);
        Assert.Contains("\"url\": \"https://${host}/api\"", json, StringComparison.Ordinal);

        // The inline cycle stays inline in "connections"; the listed one stays in "cycles".
        Assert.Contains("\"cycle\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"cycle_id\": \"inline-loop\"", json, StringComparison.Ordinal);
        Assert.Contains("\"cycles\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"cycle_id\": \"listed-loop\"", json, StringComparison.Ordinal);
        Assert.Contains("\"timeout_seconds\": 0.25", json, StringComparison.Ordinal);
        Assert.Contains("\"timeout\": 1.5", json, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToYaml_QuotesStringsThatWouldReadAsOtherTypes()
    {
        var workflow = new WorkflowBuilder("quotes", TestRegistry.Create())
            .AddNode("EchoNode", "a", new Dictionary<string, object?>
            {
                ["t"] = "true",
                ["num"] = "42",
                ["z"] = "null",
                ["e"] = string.Empty,
                ["word"] = "yes",
                ["date"] = "2026-01-01",
                ["plain"] = "hello",
            })
            .Build();

        var yaml = WorkflowSerializer.ToYaml(workflow);

        Assert.Contains("t: 'true'", yaml, StringComparison.Ordinal);
        Assert.Contains("num: '42'", yaml, StringComparison.Ordinal);
        Assert.Contains("z: 'null'", yaml, StringComparison.Ordinal);
        Assert.Contains("e: ''", yaml, StringComparison.Ordinal);
        Assert.Contains("word: 'yes'", yaml, StringComparison.Ordinal);
        Assert.Contains("date: '2026-01-01'", yaml, StringComparison.Ordinal);
        Assert.Contains("plain: hello", yaml, StringComparison.Ordinal);
        Assert.Equal(workflow.GetNode("a").Config, Yaml(yaml).GetNode("a").Config);
    }

    public static TheoryData<string> TrickyStrings =>
    [
        "multi\nline\n",
        "no trailing newline\nhere",
        "  leading spaces",
        "trailing spaces  ",
        "trailing\n\n\n",
        "\nstarts with newline",
        "  indented\n  block\n",
        "line with trailing space \nnext",
        "windows\r\nline ends",
        "tab\tinside",
        "colon: inside",
        "# hash first",
        "- dash first",
        "? question",
        "'single' \"double\"",
        "back\\slash",
        "unicode é ü 日本",
        "emoji 😀",
        "bell\u0007",
        "*alias",
        "&anchor",
        "!tag",
        "%percent",
        "@at",
        "`tick",
        "{braces}",
        "[brackets]",
        "a, b",
        "0o17",
        "0x1F",
        ".5",
        "1e3",
        "1_000",
        "~",
        "NULL",
        "FALSE",
        "<<",
        "=",
        " ",
        new string('x', 500),
    ];

    [Theory]
    [MemberData(nameof(TrickyStrings))]
    public void TrickyStrings_RoundTripExactly(string value)
    {
        var workflow = new WorkflowBuilder("strings", TestRegistry.Create())
            .AddNode("EchoNode", "a", new Dictionary<string, object?> { ["value"] = value, [value] = "as key" })
            .Build();

        var viaYaml = Yaml(WorkflowSerializer.ToYaml(workflow)).GetNode("a").Config;
        var viaJson = Json(WorkflowSerializer.ToJson(workflow)).GetNode("a").Config;

        Assert.Equal(value, viaYaml["value"]);
        Assert.Equal("as key", viaYaml[value]);
        Assert.Equal(value, viaJson["value"]);
        Assert.Equal("as key", viaJson[value]);
    }

    public static TheoryData<double> Doubles => [0.0, 1.0, -2.0, 0.1, 1e-7, 123.456, 1e15, 4503599627370497.0, 1e20, double.MaxValue, double.Epsilon];

    [Theory]
    [MemberData(nameof(Doubles))]
    public void Doubles_StayDoubles(double value)
    {
        var workflow = new WorkflowBuilder("doubles", TestRegistry.Create())
            .AddNode("EchoNode", "a", new Dictionary<string, object?> { ["v"] = value })
            .Build();

        Assert.Equal(value, Assert.IsType<double>(Yaml(WorkflowSerializer.ToYaml(workflow)).GetNode("a").Config["v"]));
        Assert.Equal(value, Assert.IsType<double>(Json(WorkflowSerializer.ToJson(workflow)).GetNode("a").Config["v"]));
    }

    [Fact]
    public void ProgrammaticWorkflow_WithClrValues_SavesAndLoads()
    {
        var workflow = new WorkflowBuilder("built", TestRegistry.Create())
            .WithName("Built in code")
            .WithMetadata("count", 3)
            .AddNode("EchoNode", "a", new Dictionary<string, object?>
            {
                ["int"] = 5,
                ["float"] = 0.5f,
                ["decimal"] = 2.25m,
                ["array"] = new[] { 1, 2, 3 },
                ["map"] = new Dictionary<string, int> { ["x"] = 1 },
                ["day"] = DayOfWeek.Monday,
                ["when"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            })
            .AddNode("EchoNode", "b")
            .AddConnection("a", "result", "b", "input")
            .CreateCycle("loop").Connect("b", "a", new Dictionary<string, string> { ["result"] = "back" }).MaxIterations(3).Timeout(TimeSpan.FromMilliseconds(1500)).Build()
            .Build();

        var reloaded = Json(WorkflowSerializer.ToJson(workflow));

        var config = reloaded.GetNode("a").Config;
        Assert.Equal(5L, config["int"]);
        Assert.Equal(0.5, config["float"]);
        Assert.Equal(2.25, config["decimal"]);
        Assert.Equal(new List<object?> { 1L, 2L, 3L }, config["array"]);
        Assert.Equal(new Dictionary<string, object?> { ["x"] = 1L }, config["map"]);
        Assert.Equal("Monday", config["day"]);
        Assert.Equal("2026-01-02T03:04:05.0000000Z", config["when"]);
        Assert.Equal(3L, reloaded.Metadata["count"]);
        var cycle = Assert.Single(reloaded.Cycles);
        Assert.False(cycle.IsInlineForm);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), cycle.Timeout);
        Assert.Equal(new Connection("b", "result", "a", "back"), Assert.Single(cycle.Connections));
    }

    [Fact]
    public void UnknownTopLevelKeys_SurviveAddingACycleToTheLoadedWorkflow()
    {
        var loaded = Json(RichJson);
        var extended = loaded.CreateCycle("extra").Connect("lone", "result", "lone", "late").MaxIterations(2).Build();

        var json = WorkflowSerializer.ToJson(extended);

        Assert.Contains("\"x-top\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"cycle_id\": \"extra\"", json, StringComparison.Ordinal);
        Assert.Equal(json, WorkflowSerializer.ToJson(Json(json)));
    }

    [Fact]
    public void FileExtras_TravelWithTheLoadedWorkflow_NotWithEqualValues()
    {
        var loaded = Json(RichJson);

        // The extras are handed to the workflow explicitly (no process-wide table): a programmatic copy with equal
        // connections, cycles and metadata has none, and the loaded workflow keeps its own.
        var builder = new WorkflowBuilder(loaded.Id, loaded.Registry).WithName(loaded.Name).WithVersion(loaded.Version);
        foreach (var node in loaded.Nodes)
        {
            builder.AddNode(node.TypeName, node.Id, new Dictionary<string, object?>(node.Config));
        }

        foreach (var connection in loaded.Connections)
        {
            builder.AddConnection(connection.SourceNode, connection.SourceOutput, connection.TargetNode, connection.TargetInput);
        }

        var copy = builder.Build();

        Assert.NotNull(loaded.FileExtras);
        Assert.Null(copy.FileExtras);
        Assert.DoesNotContain("x-top", WorkflowSerializer.ToJson(copy), StringComparison.Ordinal);
        Assert.Contains("\"x-top\": {", WorkflowSerializer.ToJson(loaded), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ValueThatCannotBeWritten_ReportsKwf022WithPath()
    {
        var workflow = new WorkflowBuilder("bad", TestRegistry.Create())
            .AddNode("EchoNode", "a", new Dictionary<string, object?> { ["callback"] = new Func<int>(() => 1) })
            .Build();

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.ToJson(workflow)).Errors);

        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Equal("nodes.a.config.callback", error.Location);
    }
}
