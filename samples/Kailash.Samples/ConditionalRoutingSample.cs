using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>A switch and a merge: the branch not taken is skipped and reported; both conditional modes agree.</summary>
internal static class ConditionalRoutingSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:conditional-build>
        var workflow = new WorkflowBuilder("score-router")
            .AddNode("SwitchNode", "gate", new() { ["condition_field"] = "score", ["operator"] = ">=", ["value"] = 50 })
            .AddNode("ExpressionNode", "high", new() { ["expression"] = "data.name + ' is approved'", ["output"] = "message" })
            .AddNode("ExpressionNode", "low", new() { ["expression"] = "data.name + ' needs review'", ["output"] = "message" })
            .AddNode("MergeNode", "collect")
            .AddConnection("gate", "true_output", "high", "data")
            .AddConnection("gate", "false_output", "low", "data")
            .AddConnection("high", "message", "collect", "data1")
            .AddConnection("low", "message", "collect", "data2")
            .Build();

        var applicant = new Dictionary<string, object?>
        {
            ["input_data"] = new Dictionary<string, object?> { ["name"] = "Ada", ["score"] = 72 },
        };
        // </snippet:conditional-build>

        // <snippet:conditional-run>
        using var routeData = new LocalRuntime();                 // ConditionalExecutionMode.RouteData, the default
        WorkflowRunResult run = routeData.Execute(workflow, applicant);

        Console.WriteLine(run["collect"]["merged_data"]);         // Ada is approved
        Console.WriteLine(run["low"].Status);                     // Skipped
        Console.WriteLine(run["low"].SkipReason);                 // ConditionalRouting

        await using var skipBranches = new AsyncLocalRuntime(new RuntimeOptions
        {
            ConditionalExecution = ConditionalExecutionMode.SkipBranches,
        });
        WorkflowRunResult pruned = await skipBranches.ExecuteAsync(workflow, applicant);
        Console.WriteLine(pruned["low"].Status);                  // Skipped: same statuses, same outputs

        ExecutionPathInfo path = routeData.Conditional.GetExecutionPathDebugInfo(workflow, run);
        Console.WriteLine(path);
        // Run '…' of 'score-router' (RouteData): 3 executed, 1 skipped.
        //   switch 'gate' (Completed): took true_output; not taken false_output
        //   skipped 'low' (ConditionalRouting): 'gate.false_output' → 'data': branch not taken (condition_result = true)
        // </snippet:conditional-run>

        var branch = path.Branches[0];
        return new SampleOutcome(nameof(ConditionalRoutingSample))
            .Add("hasConditionalPatterns", routeData.Conditional.HasConditionalPatterns(workflow))
            .Add("routeData.merged", run["collect"]["merged_data"])
            .Add("routeData.low", run["low"].Status)
            .Add("routeData.lowReason", run["low"].SkipReason)
            .Add("skipBranches.merged", pruned["collect"]["merged_data"])
            .Add("skipBranches.low", pruned["low"].Status)
            .Add("skipBranches.lowReason", pruned["low"].SkipReason)
            .Add("skipBranches.mode", skipBranches.Conditional.Mode)
            .Add("path.taken", branch.TakenPorts.ToList())
            .Add("path.notTaken", branch.NotTakenPorts.ToList())
            .Add("path.executed", path.ExecutedNodes.ToList())
            .Add("path.skipped", path.SkippedNodes.Select(s => s.NodeId).ToList())
            .Add("path.text", path.ToString());
    }
}
