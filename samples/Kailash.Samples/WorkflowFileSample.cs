using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Kailash.Workflows.Visualization;

namespace Kailash.Samples;

/// <summary>Load JSON and YAML workflow files, save them, register custom node types for files, draw Mermaid.</summary>
internal static class WorkflowFileSample
{
    /// <summary>The JSON workflow shown in docs/api/runtime.md (the docs test checks the two stay equal).</summary>
    public const string Json = """
        {
          "workflow_id": "discount",
          "name": "Discount",
          "nodes": {
            "price": { "node_type": "ExpressionNode", "config": { "expression": "amount * 0.9", "amount": 50 } },
            "label": { "node_type": "ExpressionNode", "config": { "expression": "'now ' + price", "output": "text" } }
          },
          "connections": [
            { "source_node": "price", "source_output": "result", "target_node": "label", "target_input": "price" }
          ]
        }
        """;

    /// <summary>The YAML workflow shown in docs/api/runtime.md.</summary>
    public const string Yaml = """
        workflow_id: greeter
        nodes:
          split:
            node_type: SplitNameNode
            config: { full_name: "Grace Hopper" }
          greet:
            node_type: ExpressionNode
            config: { expression: "'Hi ' + first" }
        connections:
          - { source_node: split, source_output: first, target_node: greet, target_input: first }
        """;

    public static SampleOutcome Run()
    {
        var folder = Directory.CreateTempSubdirectory("kailash-samples-");
        try
        {
            return Run(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static SampleOutcome Run(string folder)
    {
        // <snippet:workflow-files>
        Workflow discount = WorkflowSerializer.LoadJson(Json);           // or LoadFile("discount.json")

        NodeRegistry registry = NodeRegistry.CreateDefault()             // the built-in types, writable
            .Register<SplitNameNode>();                                  // your node classes, by class name
        Workflow greeter = WorkflowSerializer.LoadYaml(Yaml, registry);

        var path = Path.Combine(folder, "greeter.yaml");
        WorkflowSerializer.SaveFile(greeter, path);                      // .json, .yaml or .yml decides the format
        Workflow reloaded = WorkflowSerializer.LoadFile(path, registry);
        string json = WorkflowSerializer.ToJson(reloaded);               // Kailash's to_dict() shape

        using var runtime = new LocalRuntime();
        Console.WriteLine(runtime.Execute(discount)["label"]["text"]);   // now 45
        Console.WriteLine(runtime.Execute(reloaded)["greet"]["result"]); // Hi Grace
        // </snippet:workflow-files>

        // <snippet:mermaid>
        string diagram = MermaidExporter.ToMermaid(discount);
        Console.WriteLine(diagram);                                      // paste into any Markdown that renders Mermaid
        // </snippet:mermaid>

        // <snippet:load-errors>
        IReadOnlyList<WorkflowError> problems = [];
        try
        {
            WorkflowSerializer.LoadJson("""{ "nodes": { "a": { "node_type": "NoSuchNode" } }, "connections": [ { "source_node": "a" } ] }""");
        }
        catch (WorkflowValidationException ex)
        {
            problems = ex.Errors;                                        // every problem, with its location
        }

        foreach (WorkflowError error in problems)
        {
            Console.WriteLine(error);
        }
        // </snippet:load-errors>

        return new SampleOutcome(nameof(WorkflowFileSample))
            .Add("discount.text", runtime.Execute(discount)["label"]["text"])
            .Add("greeter.result", runtime.Execute(reloaded)["greet"]["result"])
            .Add("roundTrip", WorkflowSerializer.ToYaml(greeter) == WorkflowSerializer.ToYaml(reloaded))
            .Add("json.hasWorkflowId", json.Contains("\"workflow_id\": \"greeter\"", StringComparison.Ordinal))
            .Add("mermaid.firstLine", diagram.Split('\n')[0])
            .Add("mermaid", diagram)
            .Add("loadErrors", problems.Select(e => e.Code).ToList());
    }
}
