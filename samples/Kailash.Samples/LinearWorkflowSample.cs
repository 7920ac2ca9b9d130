using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>A linear workflow: the three ways to add a node, dotted source paths, reading results, build errors.</summary>
internal static class LinearWorkflowSample
{
    public static SampleOutcome Run()
    {
        // <snippet:build-linear>
        var workflow = new WorkflowBuilder("greeting")
            .WithName("Greeting")
            .WithVersion("1.2.0")
            .AddNode<SplitNameNode>("split", new() { ["full_name"] = "Ada Lovelace" })          // a node class
            .AddNode("ExpressionNode", "greet", new()                                         // a registered type name
            {
                ["expression"] = "'Hello, ' + first + '!'",
                ["output"] = "greeting",
            })
            .AddNode("shout", new LambdaNode(inputs => inputs.Get<string>("text").ToUpperInvariant())) // an instance
            .AddConnection("split", "first", "greet", "first")
            .AddConnection("greet", "greeting", "shout", "text")
            .Build();
        // </snippet:build-linear>

        // <snippet:read-results>
        using var runtime = new LocalRuntime();
        WorkflowRunResult run = runtime.Execute(workflow);

        Console.WriteLine(run.Status);                  // Completed
        Console.WriteLine(run["shout"]["result"]);      // HELLO, ADA!
        foreach (var (nodeId, result) in run.Results)   // every node, in plan order
        {
            Console.WriteLine($"{nodeId}: {result.Status} in {result.Duration.TotalMilliseconds:F2} ms");
        }
        // </snippet:read-results>

        // <snippet:dotted-path>
        var profile = new WorkflowBuilder("profile")
            .AddNode("load", new LambdaNode(_ => new Dictionary<string, object?>
            {
                ["name"] = "Ada",
                ["address"] = new Dictionary<string, object?> { ["city"] = "London" },
            }))
            .AddNode("ExpressionNode", "label", new() { ["expression"] = "'Ships to ' + city" })
            .AddConnection("load", "result.address.city", "label", "city")   // port, then a path into its value
            .Build();
        // </snippet:dotted-path>
        var label = runtime.Execute(profile)["label"]["result"];

        // <snippet:build-errors>
        IReadOnlyList<WorkflowError> problems = [];
        try
        {
            new WorkflowBuilder("broken")
                .AddNode("ExpressionNode", "total", new() { ["expression"] = "price * quantity" })
                .AddNode("Summarizer", "summary")                        // no such node type
                .AddConnection("total", "reslt", "report", "value")      // misspelt port, missing node
                .Build();
        }
        catch (WorkflowValidationException ex)
        {
            problems = ex.Errors;                                        // every problem, not just the first
        }

        foreach (WorkflowError error in problems)
        {
            Console.WriteLine(error);                                    // code, node, port, message, suggestion
        }
        // </snippet:build-errors>

        return new SampleOutcome(nameof(LinearWorkflowSample))
            .Add("status", run.Status)
            .Add("first", run["split"]["first"])
            .Add("last", run["split"]["last"])
            .Add("greeting", run["greet"]["greeting"])
            .Add("shout", run["shout"]["result"])
            .Add("order", run.Results.Keys.ToList())
            .Add("label", label)
            .Add("buildErrors", problems.Select(e => e.Code).ToList());
    }
}
