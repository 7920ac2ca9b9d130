using Kailash.Runtime;
using Kailash.Runtime.Cycles;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>Declared cycles: a convergence loop of expression nodes, a counter node reading its loop state, and the cycle reports.</summary>
internal static class CycleSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        // <snippet:cycle-newton>
        var newton = new WorkflowBuilder("newton")
            .AddNode("ExpressionNode", "step", new()
            {
                ["expression"] = "(guess + target / guess) / 2",
                ["output"] = "guess",
                ["guess"] = 1.0,                                      // the first iteration's input
                ["target"] = 2.0,
            })
            .AddNode("ExpressionNode", "report", new() { ["expression"] = "'sqrt(2) ~ ' + guess", ["output"] = "summary" })
            .AddConnection("step", "guess", "report", "guess")       // runs once, after the loop
            .CreateCycle("refine")
                .Connect("step", "guess", "step", "guess")           // back edge: next iteration's input
                .MaxIterations(20)
                .ConvergeWhen("abs(guess * guess - 2.0) < 0.000001")
                .Build()
            .Build();

        using var runtime = new LocalRuntime();
        WorkflowRunResult run = runtime.Execute(newton);
        CycleReport refine = run.Cycles["refine"];
        Console.WriteLine($"{refine.Termination} after {refine.Iterations} iterations");   // Converged after 4 iterations
        Console.WriteLine(run["report"]["summary"]);                                       // sqrt(2) ~ 1.4142135623746899
        // </snippet:cycle-newton>

        // <snippet:cycle-counter>
        var counting = new WorkflowBuilder("counting")
            .AddNode<CounterNode>("counter", new() { ["target"] = 5L })
            .CreateCycle("count-up")
                .Connect("counter", "count", "counter", "count")
                .ConvergeWhen("done")                                 // a port of a cycle node, by its bare name
                .Build()                                              // no MaxIterations: bounded by Cycles.DefaultMaxIterations
            .Build();

        await using var asyncRuntime = new AsyncLocalRuntime();
        WorkflowRunResult counted = await asyncRuntime.ExecuteAsync(counting);
        Console.WriteLine(counted["counter"]["count"]);               // 5
        Console.WriteLine(counted.Cycles["count-up"].Iterations);     // 5: cycles run the same on both runtimes

        foreach (CycleInfo cycle in asyncRuntime.Cycles.GetCycles(counting))
        {
            Console.WriteLine($"{cycle.CycleId}: {string.Join(" -> ", cycle.Members)}, at most {cycle.MaxIterations} iterations");
        }
        // </snippet:cycle-counter>

        var sameOnSync = runtime.Execute(counting);
        var info = asyncRuntime.Cycles.GetCycles(counting)[0];
        return new SampleOutcome(nameof(CycleSample))
            .Add("newton.termination", refine.Termination)
            .Add("newton.iterations", refine.Iterations)
            .Add("newton.guess", run["step"]["guess"])
            .Add("newton.summary", run["report"]["summary"])
            .Add("counter.count", counted["counter"]["count"])
            .Add("counter.iteration", counted["counter"]["iteration"])
            .Add("counter.termination", counted.Cycles["count-up"].Termination)
            .Add("counter.iterations", counted.Cycles["count-up"].Iterations)
            .Add("counter.sync.count", sameOnSync["counter"]["count"])
            .Add("counter.sync.iterations", sameOnSync.Cycles["count-up"].Iterations)
            .Add("info.maxIterations", info.MaxIterations)
            .Add("info.convergeWhen", info.ConvergeWhen)
            .Add("hasCycles", runtime.Cycles.HasCycles(counting));
    }
}
