using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>The README's quick start: one workflow, run on both runtimes.</summary>
internal static class QuickStartSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:readme-quickstart>
        var workflow = new WorkflowBuilder("scores")
            .AddNode("ExpressionNode", "double", new() { ["expression"] = "score * 2" })
            .AddNode("check", new LambdaNode(inputs => inputs.Get<long>("value") > 100,
                [new NodeParameter("value", typeof(long)) { Required = true }]))
            .AddConnection("double", "result", "check", "value")
            .Build();                                   // immutable; throws WorkflowValidationException listing every problem

        using var runtime = new LocalRuntime();
        WorkflowRunResult run = runtime.Execute(workflow, new Dictionary<string, object?> { ["score"] = 72L });
        Console.WriteLine(run["check"]["result"]);      // True

        await using var asyncRuntime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 16 });
        WorkflowRunResult same = await asyncRuntime.ExecuteAsync(workflow, new Dictionary<string, object?> { ["score"] = 72L });
        var (results, runId) = same;                    // Kailash's (results, run_id) shape
        // </snippet:readme-quickstart>

        return new SampleOutcome(nameof(QuickStartSample))
            .Add("sync.double", run["double"]["result"])
            .Add("sync.check", run["check"]["result"])
            .Add("async.double", results["double"]["result"])
            .Add("async.check", same["check"]["result"])
            .Add("runIdsDiffer", run.RunId != runId)
            .Add("runIdIsGuid", Guid.TryParse(runId, out _));
    }
}
