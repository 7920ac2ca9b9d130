using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

public sealed class WorkflowSerializerLoadTests
{
    private static Workflow Json(string json) => WorkflowSerializer.LoadJson(json, TestRegistry.Create());

    private static Workflow Yaml(string yaml) => WorkflowSerializer.LoadYaml(yaml, TestRegistry.Create());

    [Fact]
    public void LoadJson_MapFormNodes_ReadsFieldsConfigAndConnections()
    {
        var workflow = Json("""
        {
          "workflow_id": "score-router",
          "name": "Score router",
          "version": "2.1.0",
          "description": "routes on score",
          "metadata": { "owner": "team-a", "tags": ["x", "y"] },
          "nodes": {
            "gate": { "node_type": "StrictNode", "config": { "mode": "fast", "value": 50, "ratio": 0.5, "whole": 2.0, "on": true, "none": null, "nested": { "list": [1, "two", false] } } },
            "high": { "node_type": "PassThroughNode", "config": {} }
          },
          "connections": [
            { "source_node": "gate", "source_output": "result.payload", "target_node": "high", "target_input": "data" }
          ]
        }
        """);

        Assert.Equal("score-router", workflow.Id);
        Assert.Equal("Score router", workflow.Name);
        Assert.Equal("2.1.0", workflow.Version);
        Assert.Equal("routes on score", workflow.Description);
        Assert.Equal("team-a", workflow.Metadata["owner"]);
        Assert.Equal(new List<object?> { "x", "y" }, workflow.Metadata["tags"]);
        Assert.Equal(["gate", "high"], workflow.Nodes.Select(n => n.Id));
        var gate = workflow.GetNode("gate");
        Assert.Equal("StrictNode", gate.TypeName);
        Assert.IsType<StrictNode>(gate.Node);
        Assert.Equal(50L, Assert.IsType<long>(gate.Config["value"]));
        Assert.Equal(0.5, Assert.IsType<double>(gate.Config["ratio"]));
        Assert.Equal(2.0, Assert.IsType<double>(gate.Config["whole"]));
        Assert.Equal(true, gate.Config["on"]);
        Assert.True(gate.Config.ContainsKey("none"));
        Assert.Null(gate.Config["none"]);
        var nested = Assert.IsType<Dictionary<string, object?>>(gate.Config["nested"]);
        Assert.Equal(new List<object?> { 1L, "two", false }, nested["list"]);
        Assert.Equal(new Connection("gate", "result.payload", "high", "data"), Assert.Single(workflow.Connections));
        Assert.Empty(workflow.Cycles);
    }

    [Fact]
    public void LoadJson_ListFormNodes_AcceptsTypeAndParameters()
    {
        var workflow = Json("""
        {
          "workflow_id": "list-form",
          "nodes": [
            { "id": "a", "type": "EchoNode", "parameters": { "k": "v" } },
            { "id": "b", "node_type": "EchoNode", "config": { "n": 3 } }
          ],
          "connections": [ { "from_node": "a", "from_output": "result", "to_node": "b", "to_input": "input" } ]
        }
        """);

        Assert.Equal(["a", "b"], workflow.Nodes.Select(n => n.Id));
        Assert.Equal("v", workflow.GetNode("a").Config["k"]);
        Assert.Equal(3L, workflow.GetNode("b").Config["n"]);
        Assert.All(workflow.Nodes, n => Assert.Equal("EchoNode", n.TypeName));
        Assert.Equal(new Connection("a", "result", "b", "input"), Assert.Single(workflow.Connections));
    }

    [Fact]
    public void LoadJson_ConnectionVocabularies_AllMapToTheSameConnections()
    {
        var workflow = Json("""
        {
          "workflow_id": "vocab",
          "nodes": { "a": { "type": "EchoNode" }, "b": { "type": "EchoNode" }, "c": { "type": "EchoNode" }, "d": { "type": "EchoNode" } },
          "connections": [
            { "source_node": "a", "source_output": "result", "target_node": "b", "target_input": "x" },
            { "from_node": "b", "from_output": "result.value", "to_node": "c", "to_input": "y" },
            { "from": "c", "to": "d" },
            { "from": "a", "to": "d", "from_output": "result.other", "to_input": "z" }
          ]
        }
        """);

        Assert.Equal(
            [
                new Connection("a", "result", "b", "x"),
                new Connection("b", "result.value", "c", "y"),
                new Connection("c", "result", "d", "input"),
                new Connection("a", "result.other", "d", "z"),
            ],
            workflow.Connections);
    }

    [Fact]
    public void LoadJson_CyclesList_BuildsDeclaredCycle()
    {
        var workflow = Json("""
        {
          "workflow_id": "loop",
          "nodes": { "a": { "node_type": "EchoNode" }, "b": { "node_type": "EchoNode" } },
          "connections": [ { "source_node": "a", "source_output": "result", "target_node": "b", "target_input": "input" } ],
          "cycles": [
            { "cycle_id": "refine", "connections": [ { "source_node": "b", "source_output": "result", "target_node": "a", "target_input": "value" } ],
              "max_iterations": 20, "converge_when": "done == true", "timeout_seconds": 5 }
          ]
        }
        """);

        var cycle = Assert.Single(workflow.Cycles);
        Assert.Equal("refine", cycle.CycleId);
        Assert.Equal(new Connection("b", "result", "a", "value"), Assert.Single(cycle.Connections));
        Assert.Equal(20, cycle.MaxIterations);
        Assert.Equal("done == true", cycle.ConvergeWhen);
        Assert.Equal(TimeSpan.FromSeconds(5), cycle.Timeout);
        Assert.False(cycle.IsInlineForm);
        Assert.Single(workflow.Connections);
    }

    [Fact]
    public void LoadJson_InlineCycleEdges_AreGroupedByCycleId()
    {
        var workflow = Json("""
        {
          "workflow_id": "inline",
          "nodes": { "a": { "node_type": "EchoNode" }, "b": { "node_type": "EchoNode" }, "c": { "node_type": "EchoNode" } },
          "connections": [
            { "source_node": "a", "source_output": "result", "target_node": "b", "target_input": "input" },
            { "source_node": "b", "source_output": "result.value", "target_node": "a", "target_input": "value",
              "cycle": true, "max_iterations": 20, "convergence_check": "converged == true", "cycle_id": "opt",
              "timeout": null, "memory_limit": null, "condition": null, "parent_cycle": null },
            { "source_node": "b", "source_output": "result.count", "target_node": "a", "target_input": "count", "cycle": true, "cycle_id": "opt", "timeout": 2.5 },
            { "source_node": "b", "source_output": "result", "target_node": "c", "target_input": "input", "cycle": false }
          ]
        }
        """);

        Assert.Equal([new Connection("a", "result", "b", "input"), new Connection("b", "result", "c", "input")], workflow.Connections);
        var cycle = Assert.Single(workflow.Cycles);
        Assert.Equal("opt", cycle.CycleId);
        Assert.True(cycle.IsInlineForm);
        Assert.Equal(20, cycle.MaxIterations);
        Assert.Equal("converged == true", cycle.ConvergeWhen);
        Assert.Equal(TimeSpan.FromSeconds(2.5), cycle.Timeout);
        Assert.Equal([new Connection("b", "result.value", "a", "value"), new Connection("b", "result.count", "a", "count")], cycle.Connections);
    }

    [Fact]
    public void LoadJson_SecretsAndTemplates_StayAsWritten()
    {
        var workflow = Json("""
        {
          "workflow_id": "secrets",
          "nodes": { "db": { "node_type": "EchoNode", "config": { "password": { "$secret": "DB_PASSWORD" }, "url": "postgres://${host}/db", "deep": [ { "$secret": "TOKEN" } ] } } }
        }
        """);

        var config = workflow.GetNode("db").Config;
        var secret = Assert.IsType<Dictionary<string, object?>>(config["password"]);
        Assert.Equal("DB_PASSWORD", Assert.Single(secret).Value);
        Assert.Equal("$secret", secret.Keys.Single());
        Assert.Equal("postgres://${host}/db", config["url"]);
        var deep = Assert.IsType<List<object?>>(config["deep"]);
        Assert.Equal("TOKEN", Assert.IsType<Dictionary<string, object?>>(Assert.Single(deep))["$secret"]);
    }

    [Fact]
    public void LoadJson_ExtraNodeKeys_BecomeExtensions()
    {
        var workflow = Json("""
        {
          "workflow_id": "ext",
          "nodes": { "a": { "node_type": "EchoNode", "retry": { "max_attempts": 3 }, "timeout": 1.5, "circuit_breaker": { "failure_threshold": 5 }, "x-custom": "kept" } }
        }
        """);

        var extensions = workflow.GetNode("a").Extensions;
        Assert.Equal(["retry", "timeout", "circuit_breaker", "x-custom"], extensions.Keys);
        Assert.Equal(3L, Assert.IsType<Dictionary<string, object?>>(extensions["retry"])["max_attempts"]);
        Assert.Equal(1.5, extensions["timeout"]);
        Assert.Equal("kept", extensions["x-custom"]);
        Assert.Empty(workflow.GetNode("a").Config);
    }

    [Fact]
    public void LoadJson_WithoutWorkflowId_UsesSourceFileStem()
    {
        var workflow = WorkflowSerializer.LoadJson("""{ "nodes": { "a": { "node_type": "EchoNode" } } }""", TestRegistry.Create(), "flows/nightly-import.json");

        Assert.Equal("nightly-import", workflow.Id);
        Assert.Equal("1.0.0", workflow.Version);
    }

    [Fact]
    public void LoadJson_CommentsAndTrailingCommas_AreAccepted()
    {
        var workflow = Json("""
        {
          // a comment
          "workflow_id": "c",
          "nodes": { "a": { "node_type": "EchoNode", }, },
        }
        """);

        Assert.Equal("a", Assert.Single(workflow.Nodes).Id);
    }

    [Fact]
    public void LoadYaml_PythonToYamlOutput_LoadsWithTuplesAsLists()
    {
        // The shape Python Kailash's to_yaml() writes: keys sorted, positions as !!python/tuple, cycle fields inline.
        var workflow = Yaml("""
        author: ''
        connections:
        - source_node: src
          source_output: result.payload
          target_input: input_data
          target_node: gate
        - condition: null
          convergence_check: converged == True
          cycle: true
          cycle_id: opt
          max_iterations: 20
          memory_limit: null
          parent_cycle: null
          source_node: gate
          source_output: result
          target_input: input
          target_node: src
          timeout: null
        description: routes on score
        metadata:
          created_at: '2026-11-24T03:09:40.988956+00:00'
          version: 1.0.0
          workflow_parameters: {}
        name: Score router
        nodes:
          gate:
            config:
              mode: fast
              pair: !!python/tuple
              - 1
              - two
            node_id: gate
            node_type: StrictNode
            position: !!python/tuple
            - 150.0
            - 100.0
          src:
            config:
              code: 'result = {''payload'': {''score'': score}}'
              max_code_lines: 10
              function: null
            node_id: src
            node_type: EchoNode
            position: !!python/tuple [0.0, 100.0]
        version: 1.0.0
        workflow_id: demo-wf
        """);

        Assert.Equal("demo-wf", workflow.Id);
        Assert.Equal("Score router", workflow.Name);
        Assert.Equal("1.0.0", workflow.Version);
        Assert.Equal("1.0.0", workflow.Metadata["version"]);
        Assert.Equal(["gate", "src"], workflow.Nodes.Select(n => n.Id));
        var gate = workflow.GetNode("gate");
        Assert.Equal(new List<object?> { 1L, "two" }, gate.Config["pair"]);
        Assert.Equal(new List<object?> { 150.0, 100.0 }, gate.Extensions["position"]);
        Assert.Equal("gate", gate.Extensions["node_id"]);
        var src = workflow.GetNode("src");
        Assert.Equal("result = {'payload': {'score': score}}", src.Config["code"]);
        Assert.Equal(new List<object?> { 0.0, 100.0 }, src.Extensions["position"]);
        Assert.Equal(new Connection("src", "result.payload", "gate", "input_data"), Assert.Single(workflow.Connections));
        var cycle = Assert.Single(workflow.Cycles);
        Assert.Equal("opt", cycle.CycleId);
        Assert.True(cycle.IsInlineForm);
        Assert.Equal("converged == True", cycle.ConvergeWhen);
        Assert.Null(cycle.Timeout);
    }

    [Fact]
    public void LoadYaml_Scalars_ResolveByTheCoreSchema()
    {
        var workflow = Yaml("""
        workflow_id: scalars
        nodes:
          a:
            node_type: EchoNode
            config:
              int: 42
              negative: -7
              hex: 0x1F
              float: 1.5
              exponent: 1.0e-05
              infinity: .inf
              yes_text: yes
              bool: true
              capital_bool: False
              null_word: null
              tilde: ~
              empty:
              quoted_int: '42'
              quoted_bool: "true"
              quoted_null: 'null'
              tagged_str: !!str 7
              tagged_float: !!float 3
              plain_text: hello world
              version_like: 1.0.0
        """);

        var config = workflow.GetNode("a").Config;
        Assert.Equal(42L, config["int"]);
        Assert.Equal(-7L, config["negative"]);
        Assert.Equal(31L, config["hex"]);
        Assert.Equal(1.5, config["float"]);
        Assert.Equal(1.0e-05, config["exponent"]);
        Assert.Equal(double.PositiveInfinity, config["infinity"]);
        Assert.Equal("yes", config["yes_text"]);
        Assert.Equal(true, config["bool"]);
        Assert.Equal(false, config["capital_bool"]);
        Assert.Null(config["null_word"]);
        Assert.Null(config["tilde"]);
        Assert.Null(config["empty"]);
        Assert.Equal("42", config["quoted_int"]);
        Assert.Equal("true", config["quoted_bool"]);
        Assert.Equal("null", config["quoted_null"]);
        Assert.Equal("7", config["tagged_str"]);
        Assert.Equal(3.0, config["tagged_float"]);
        Assert.Equal("hello world", config["plain_text"]);
        Assert.Equal("1.0.0", config["version_like"]);
    }

    [Fact]
    public void LoadYaml_AnchorsAliasesAndMergeKeys_AreExpanded()
    {
        var workflow = Yaml("""
        workflow_id: anchors
        defaults: &defaults
          retries: 3
          mode: fast
        nodes:
          a:
            node_type: StrictNode
            config:
              <<: *defaults
              mode: slow
          b:
            node_type: StrictNode
            config: *defaults
        """);

        Assert.Equal(new Dictionary<string, object?> { ["retries"] = 3L, ["mode"] = "slow" }, workflow.GetNode("a").Config);
        Assert.Equal(new Dictionary<string, object?> { ["retries"] = 3L, ["mode"] = "fast" }, workflow.GetNode("b").Config);
    }

    [Fact]
    public void LoadYaml_ListFormAndShortConnections()
    {
        var workflow = Yaml("""
        workflow_id: short
        nodes:
        - id: a
          type: EchoNode
        - id: b
          type: EchoNode
          parameters:
            factor: 2
        connections:
        - from: a
          to: b
        """);

        Assert.Equal(new Connection("a", "result", "b", "input"), Assert.Single(workflow.Connections));
        Assert.Equal(2L, workflow.GetNode("b").Config["factor"]);
    }
}
