using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

public sealed class WorkflowSerializerErrorTests
{
    private static WorkflowValidationException JsonFails(string json, string? sourceName = null)
        => Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadJson(json, TestRegistry.Create(), sourceName));

    private static WorkflowValidationException YamlFails(string yaml)
        => Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadYaml(yaml, TestRegistry.Create()));

    [Fact]
    public void MalformedJson_ReportsKwf020WithLineAndColumn()
    {
        var ex = JsonFails("""
        {
          "workflow_id": "bad",
          "nodes": {
            "a": { "node_type": "EchoNode" }
            "b": { "node_type": "EchoNode" }
          }
        }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.Equal("line 5, column 5", error.Location);
        Assert.StartsWith("The file is not valid JSON:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJson_WithSourceName_PrefixesTheLocation()
    {
        var ex = JsonFails("{\n  \"nodes\": {,\n}", "flows/broken.json");

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.Equal("flows/broken.json: line 2, column 13", error.Location);
    }

    [Fact]
    public void MalformedYaml_ReportsKwf020WithLineAndColumn()
    {
        var ex = YamlFails("""
        workflow_id: bad
        nodes:
          a:
            node_type: EchoNode
           config: {}
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.StartsWith("The file is not valid YAML:", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^line 5, column \d+$", error.Location!);
    }

    [Fact]
    public void MalformedYaml_UnclosedFlowCollection_ReportsKwf020()
    {
        var ex = YamlFails("workflow_id: bad\nnodes: [1, 2\nname: x\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.MalformedFile, error.Code);
        Assert.Contains("line", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithSeveralProblems_ReportsEveryOneWithCodeAndLocation()
    {
        var ex = JsonFails("""
        {
          "workflow_id": "many",
          "nodes": {
            "a": { "node_type": "PassThroughNod" },
            "b": { "config": {} },
            "c": { "node_type": "EchoNode", "config": [1] },
            "d": { "node_type": "EchoNode" }
          },
          "connections": [
            { "source_node": "d", "source_output": "result", "target_node": "ghost", "target_input": "input" },
            { "source_node": "d", "source_output": "result", "target_node": "d" },
            { "source_node": "a", "source_output": "data", "target_node": "d", "target_input": "input" },
            "not a connection"
          ],
          "cycles": [
            { "cycle_id": "loop", "connections": [ { "from": "d", "to": "d" } ], "max_iterations": 0 }
          ]
        }
        """);

        var errors = ex.Errors.Select(e => (e.Code, e.Location)).ToList();
        Assert.Equal(
            [
                (ErrorCodes.UnknownNodeType, "nodes.a.node_type, line 4, column 25"),
                (ErrorCodes.MissingField, "nodes.b.node_type, line 5, column 5"),
                (ErrorCodes.InvalidField, "nodes.c.config, line 6, column 47"),
                (ErrorCodes.UnknownTargetNode, "connections[0].target_node, line 10, column 69"),
                (ErrorCodes.MissingField, "connections[1].target_input, line 11, column 5"),
                (ErrorCodes.InvalidField, "connections[3], line 13, column 5"),
                (ErrorCodes.InvalidField, "cycles[0].max_iterations, line 16, column 92"),
            ],
            errors);
        Assert.Contains("7 problems", ex.Message, StringComparison.Ordinal);
        Assert.Equal("a", ex.Errors[0].NodeId);
        Assert.Equal("ghost", ex.Errors[3].NodeId);
    }

    [Fact]
    public void UnknownNodeType_ReportsKwf002WithSuggestion()
    {
        var ex = JsonFails("""{ "workflow_id": "t", "nodes": { "p": { "node_type": "PassThruNode" } } }""");

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.UnknownNodeType, error.Code);
        Assert.Equal("p", error.NodeId);
        Assert.Contains("'PassThruNode' is not registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'PassThroughNode'?", error.Message, StringComparison.Ordinal);
        Assert.Equal("nodes.p.node_type, line 1, column 54", error.Location);
    }

    [Fact]
    public void UnknownNodeType_InYaml_PointsAtTheTypeValue()
    {
        var ex = YamlFails("""
        workflow_id: t
        nodes:
          p:
            type: EchoNod
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.UnknownNodeType, error.Code);
        Assert.Contains("Did you mean 'EchoNode'?", error.Message, StringComparison.Ordinal);
        Assert.Equal("nodes.p.type, line 4, column 11", error.Location);
    }

    [Fact]
    public void ConnectionToMissingNode_ReportsKwf004AtTheTargetField()
    {
        var ex = YamlFails("""
        workflow_id: t
        nodes:
          a: {node_type: EchoNode}
          b: {node_type: EchoNode}
        connections:
        - source_node: a
          source_output: result
          target_node: bb
          target_input: input
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.UnknownTargetNode, error.Code);
        Assert.Equal("bb", error.NodeId);
        Assert.Contains("Did you mean 'b'?", error.Message, StringComparison.Ordinal);
        Assert.Equal("connections[0].target_node, line 8, column 16", error.Location);
    }

    [Fact]
    public void CycleEdgeFromMissingNode_ReportsKwf003AtTheCycleEdge()
    {
        var ex = JsonFails("""
        { "workflow_id": "t", "nodes": { "a": { "node_type": "EchoNode" } },
          "cycles": [ { "cycle_id": "c", "connections": [ { "from": "zz", "to": "a" } ], "max_iterations": 3 } ] }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.UnknownSourceNode, error.Code);
        Assert.Equal("cycles[0].connections[0].from, line 2, column 61", error.Location);
    }

    [Fact]
    public void UnmarkedCycle_ReportsKwf008()
    {
        var ex = JsonFails("""
        { "workflow_id": "t",
          "nodes": { "a": { "node_type": "EchoNode" }, "b": { "node_type": "EchoNode" } },
          "connections": [ { "from": "a", "to": "b" }, { "from": "b", "to": "a" } ] }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.UnmarkedCycle, error.Code);
        Assert.StartsWith("nodes.", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateNodeIds_ReportKwf001AtTheSecondOccurrence()
    {
        var ex = YamlFails("""
        workflow_id: t
        nodes:
        - {id: a, type: EchoNode}
        - {id: a, type: EchoNode}
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.DuplicateNodeId, error.Code);
        Assert.Equal("nodes[1], line 4, column 8", error.Location);
    }

    [Fact]
    public void DuplicateNodeIds_InAYamlMap_ReportKwf001()
    {
        var ex = YamlFails("""
        workflow_id: t
        nodes:
          a: {node_type: EchoNode}
          a: {node_type: PassThroughNode}
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.DuplicateNodeId, error.Code);
        Assert.Equal("a", error.NodeId);
        Assert.Equal("nodes.a, line 4, column 3", error.Location);
    }

    [Fact]
    public void NodeConfigurationError_IsMappedToTheConfigKey()
    {
        var ex = JsonFails("""
        {
          "workflow_id": "t",
          "nodes": { "s": { "node_type": "StrictNode", "config": { "mode": "medium" } } }
        }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.InvalidNodeConfig, error.Code);
        Assert.Equal("s", error.NodeId);
        Assert.Equal("nodes.s.config.mode, line 3, column 68", error.Location);
    }

    [Fact]
    public void NodeThatThrowsARawExceptionOnItsConfig_IsReportedAsKwf011()
    {
        var ex = JsonFails("""
        {
          "workflow_id": "t",
          "nodes": { "ok": { "node_type": "CastingNode", "config": { "label": "fine" } }, "bad": { "node_type": "CastingNode", "config": { "label": 5 } } }
        }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.InvalidNodeConfig, error.Code);
        Assert.Equal("bad", error.NodeId);
        Assert.Equal("nodes.bad.config, line 3, column 130", error.Location);
    }

    [Fact]
    public void MissingNodes_ReportsKwf021()
    {
        var error = Assert.Single(JsonFails("""{ "workflow_id": "t" }""").Errors);

        Assert.Equal(ErrorCodes.MissingField, error.Code);
        Assert.Equal("nodes, line 1, column 1", error.Location);
    }

    [Fact]
    public void ShapeProblems_InNodesConnectionsAndCycles_AreAllReported()
    {
        var ex = YamlFails("""
        workflow_id: t
        name: [not, text]
        nodes:
        - type: EchoNode
        - id: b
          type: EchoNode
          node_type: PassThroughNode
        - id: c
          type: EchoNode
          config: {x: 1}
          parameters: {x: 2}
        connections:
        - source_node: b
          from_node: b
          source_output: result
          target_node: c
          target_input: input
        - {from: b, to: c, cycle: maybe}
        cycles:
        - connections: []
        - cycle_id: z
          connections: 7
          timeout_seconds: -1
        """);

        Assert.Equal(
            [
                (ErrorCodes.InvalidField, "name, line 2, column 7"),
                (ErrorCodes.MissingField, "nodes[0].id, line 4, column 3"),
                (ErrorCodes.InvalidField, "nodes[1].type, line 6, column 9"),
                (ErrorCodes.InvalidField, "nodes[2].parameters, line 11, column 15"),
                (ErrorCodes.InvalidField, "connections[0].from_node, line 14, column 14"),
                (ErrorCodes.InvalidField, "connections[1].cycle, line 18, column 27"),
                (ErrorCodes.MissingField, "cycles[0].cycle_id, line 20, column 3"),
                (ErrorCodes.InvalidField, "cycles[1].connections, line 22, column 16"),
                (ErrorCodes.InvalidField, "cycles[1].timeout_seconds, line 23, column 20"),
            ],
            ex.Errors.Select(e => (e.Code, e.Location)));
    }

    [Fact]
    public void InlineCycleEdges_ThatDisagree_AreReported()
    {
        var ex = JsonFails("""
        { "workflow_id": "t", "nodes": { "a": { "node_type": "EchoNode" }, "b": { "node_type": "EchoNode" } },
          "connections": [
            { "from": "a", "to": "b" },
            { "from": "b", "to": "a", "cycle": true, "cycle_id": "x", "max_iterations": 5 },
            { "from": "b", "to": "a", "to_input": "other", "cycle": true, "cycle_id": "x", "max_iterations": 6 }
          ] }
        """);

        var error = Assert.Single(ex.Errors);
        Assert.Equal(ErrorCodes.InvalidField, error.Code);
        Assert.Contains("disagree on 'max_iterations' (5 and 6)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("connections[2].max_iterations, line 5", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKeys_AreReported()
    {
        var ex = JsonFails("""{ "workflow_id": "t", "nodes": { "a": { "node_type": "EchoNode", "config": { "x": 1, "x": 2 } } }, "workflow_id": "u" }""");

        Assert.Equal(
            [(ErrorCodes.InvalidField, "nodes.a.config.x, line 1, column 86"), (ErrorCodes.InvalidField, "workflow_id, line 1, column 100")],
            ex.Errors.Select(e => (e.Code, e.Location)));
    }

    [Fact]
    public void AliasBomb_IsStoppedWithKwf024()
    {
        var yaml = "workflow_id: t\nnodes: {}\n" +
            "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" +
            string.Concat(Enumerable.Range(1, 8).Select(i => $"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n"));

        var ex = YamlFails(yaml);

        Assert.Contains(ex.Errors, e => e.Code == ErrorCodes.InputTooLarge && e.Message.Contains("more than", StringComparison.Ordinal));
    }

    public static TheoryData<string> BrokenJson =>
    [
        string.Empty,
        "   ",
        "// only a comment",
        "null",
        "[]",
        "42",
        "\"text\"",
        "{",
        "{} {}",
        "{\"nodes\": 5}",
        "{\"nodes\": null}",
        "{\"nodes\": [1, null, \"x\", {\"id\": 3}]}",
        "{\"nodes\": {\"a\": null, \"\": {\"node_type\": \"EchoNode\"}}}",
        "{\"nodes\": {\"a\": {\"node_type\": 5, \"config\": \"x\"}}}",
        "{\"nodes\": {}, \"connections\": {}}",
        "{\"nodes\": {}, \"connections\": [null, 5, {\"from\": 1, \"to\": []}, {}]}",
        "{\"nodes\": {}, \"cycles\": [null, {\"connections\": 5}, {\"cycle_id\": \"\", \"connections\": [{}]}]}",
        "{\"nodes\": {}, \"cycles\": {}}",
        "{\"nodes\": {}, \"metadata\": [1]}",
        "{\"nodes\": {}, \"workflow_id\": true, \"version\": [], \"description\": 3}",
        "{\"nodes\": {\"a\": {\"node_type\": \"EchoNode\", \"config\": {\"big\": 1e400}}}}",
        "{\"nodes\": {\"a\": {\"node_type\": \"EchoNode\"}}, \"connections\": [{\"from\": \"a\", \"to\": \"a\", \"cycle\": true, \"max_iterations\": \"many\", \"timeout\": \"soon\", \"convergence_check\": 5}]}",
        new string('[', 300) + new string(']', 300),
    ];

    [Theory]
    [MemberData(nameof(BrokenJson))]
    public void BrokenJson_AlwaysGivesAValidationExceptionWithCodes(string json)
    {
        var ex = JsonFails(json);

        Assert.NotEmpty(ex.Errors);
        Assert.All(ex.Errors, e => Assert.Matches("^KWF0[0-2][0-9]$", e.Code));
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrEmpty(e.Location)));
    }

    public static TheoryData<string> BrokenYaml =>
    [
        string.Empty,
        "# only a comment",
        "---\n",
        "- a\n- b\n",
        "just text",
        "nodes: [1, 2",
        "nodes:\n  a: {node_type: [}\n",
        "nodes: {}\nx: *nope\n",
        "--- 1\n--- 2\n",
        "nodes: !!int abc\n",
        "nodes: {}\n? [a, b]\n: c\n",
        "nodes:\n\ta: 1\n",
        "name: 'unclosed\nnodes: {}\n",
        "nodes:\n  a:\n    node_type: EchoNode\n    config: &x [*x]\n",
        "nodes:\n  a:\n    node_type: EchoNode\n    config:\n      <<: 5\n",
        "nodes: {a: {node_type: EchoNode}}\nconnections:\n- {from: a, to: a, cycle: true, max_iterations: 1.5}\n",
        "%YAML 9.9\n---\nnodes: {}\n",
        "nodes: {}\n" + new string(' ', 0) + string.Concat(Enumerable.Repeat("- ", 1)) + "x",
        "key: \"\\q\"\nnodes: {}\n",
        "nodes: {}\n" + string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i * 2) + "k:\n")),
    ];

    [Theory]
    [MemberData(nameof(BrokenYaml))]
    public void BrokenYaml_AlwaysGivesAValidationExceptionWithCodes(string yaml)
    {
        var ex = YamlFails(yaml);

        Assert.NotEmpty(ex.Errors);
        Assert.All(ex.Errors, e => Assert.Matches("^KWF0[0-2][0-9]$", e.Code));
        Assert.All(ex.Errors, e => Assert.False(string.IsNullOrEmpty(e.Location)));
    }
}
