using Kailash.Tests.Workflows.Serialization;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Kailash.Workflows.Visualization;

namespace Kailash.Tests.Workflows.Visualization;

public sealed class MermaidExporterTests
{
    [Fact]
    public void ToMermaid_DrawsNodesPortLabelledEdgesAndDashedCycleEdges()
    {
        var workflow = new WorkflowBuilder("viz", TestRegistry.Create())
            .AddNode("EchoNode", "source")
            .AddNode("PassThroughNode", "relay")
            .AddConnection("source", "result", "relay", "data")
            .CreateCycle("refine").Connect("relay", "data", "source", "input").MaxIterations(3).Build()
            .Build();

        var mermaid = MermaidExporter.ToMermaid(workflow);

        Assert.Equal(
            """
            flowchart TD
                source["source<br/>EchoNode"]
                relay["relay<br/>PassThroughNode"]
                source -->|"result -> data"| relay
                relay -.->|"refine"| source

            """.ReplaceLineEndings("\n"),
            mermaid);
    }

    [Fact]
    public void ToMermaid_InlineCyclesFromAFile_AreDashedToo()
    {
        var workflow = WorkflowSerializer.LoadJson(
            """
            { "workflow_id": "f", "nodes": { "a": { "node_type": "EchoNode" }, "b": { "node_type": "EchoNode" } },
              "connections": [ { "from": "a", "to": "b" }, { "from": "b", "to": "a", "cycle": true, "cycle_id": "loop", "max_iterations": 2 } ] }
            """,
            TestRegistry.Create());

        var lines = MermaidExporter.ToMermaid(workflow).Split('\n');

        Assert.Contains("    a -->|\"result -> input\"| b", lines);
        Assert.Contains("    b -.->|\"loop\"| a", lines);
        Assert.Equal(1, lines.Count(l => l.Contains("-.->", StringComparison.Ordinal)));
    }

    [Fact]
    public void ToMermaid_NeverPrintsConfigValuesExtensionsOrMetadata()
    {
        var workflow = WorkflowSerializer.LoadJson(
            """
            { "workflow_id": "secret", "metadata": { "api_key": "meta-s3cr3t" },
              "nodes": { "db": { "node_type": "EchoNode", "config": { "password": "hunter2-s3cr3t", "ref": { "$secret": "DB_PASSWORD" }, "dsn": "postgres://user:pw-s3cr3t@host" },
                                 "auth": { "token": "ext-s3cr3t" } } } }
            """,
            TestRegistry.Create());

        var mermaid = MermaidExporter.ToMermaid(workflow);

        Assert.Contains("db[\"db<br/>EchoNode\"]", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("DB_PASSWORD", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("password", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_SanitizesIdsAndEscapesLabels()
    {
        var workflow = new WorkflowBuilder("ids", TestRegistry.Create())
            .AddNode("EchoNode", "load-data")
            .AddNode("EchoNode", "load data")
            .AddNode("EchoNode", "end")
            .AddNode("EchoNode", "1st")
            .AddNode("EchoNode", "q\"<b>")
            .AddConnection("load-data", "result", "end", "in|put")
            .AddConnection("1st", "result", "q\"<b>", "input")
            .Build();

        var lines = MermaidExporter.ToMermaid(workflow).Split('\n');

        Assert.Contains("    load_data[\"load-data<br/>EchoNode\"]", lines);
        Assert.Contains("    load_data_2[\"load data<br/>EchoNode\"]", lines);
        Assert.Contains("    n_end[\"end<br/>EchoNode\"]", lines);
        Assert.Contains("    n_1st[\"1st<br/>EchoNode\"]", lines);
        Assert.Contains("    q__b_[\"q#quot;#lt;b#gt;<br/>EchoNode\"]", lines);
        Assert.Contains("    load_data -->|\"result -> in#124;put\"| n_end", lines);
        Assert.Contains("    n_1st -->|\"result -> input\"| q__b_", lines);
    }
}
