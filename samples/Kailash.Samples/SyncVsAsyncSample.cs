using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>The same workflow on both runtimes: identical results; per-call settings; progress.</summary>
internal static class SyncVsAsyncSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:sync-vs-async>
        var builder = new WorkflowBuilder("scores-fan-out");
        string[] applicants = ["ada", "grace", "katherine", "margaret"];
        foreach (var name in applicants)
        {
            builder.AddNode<FetchScoreNode>(name, new() { ["applicant"] = name });   // independent: may run together
            builder.AddConnection(name, "score", "total", "data" + (Array.IndexOf(applicants, name) + 1));
        }

        var workflow = builder.AddNode("ExpressionNode", "total", new() { ["expression"] = "data1 + data2 + data3 + data4" }).Build();

        using var local = new LocalRuntime();                                       // one node at a time, this thread
        await using var concurrent = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4 });

        WorkflowRunResult a = local.Execute(workflow);                              // AsyncNodes are waited for in place
        WorkflowRunResult b = await concurrent.ExecuteAsync(workflow);
        Console.WriteLine($"{a["total"]["result"]} == {b["total"]["result"]}");     // 250 == 250
        Console.WriteLine(a.Results.Keys.SequenceEqual(b.Results.Keys));            // True: same plan order
        // </snippet:sync-vs-async>

        // <snippet:run-settings>
        var updates = new List<WorkflowProgress>();
        var settings = new RunSettings
        {
            RunId = "nightly-2024-06-01",                                           // default: a new id in GUID form
            UserContext = new UserContext("ada") { Roles = ["analyst"] },           // reaches nodes and the access policy
            Progress = new InlineProgress<WorkflowProgress>(updates.Add),           // called as each node finishes
        };

        WorkflowRunResult tracked = local.Execute(workflow, parameters: null, settings);
        Console.WriteLine($"{tracked.RunId} for {tracked.User?.UserId}: {updates.Count} progress updates");
        // </snippet:run-settings>

        var last = updates[^1];
        return new SampleOutcome(nameof(SyncVsAsyncSample))
            .Add("sync.total", a["total"]["result"])
            .Add("async.total", b["total"]["result"])
            .Add("sameOrder", a.Results.Keys.SequenceEqual(b.Results.Keys))
            .Add("sameOutputs", a.Results.All(p => p.Value.Outputs.SequenceEqual(b.Results[p.Key].Outputs)))
            .Add("order", a.Results.Keys.ToList())
            .Add("settings.runId", tracked.RunId)
            .Add("settings.user", tracked.User?.UserId)
            .Add("progress.count", updates.Count)
            .Add("progress.last", $"{last.CompletedNodes}/{last.TotalNodes}");
    }
}
