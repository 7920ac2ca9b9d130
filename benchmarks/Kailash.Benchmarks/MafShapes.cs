using Microsoft.Agents.AI.Workflows;
using MafWorkflow = Microsoft.Agents.AI.Workflows.Workflow;
using MafWorkflowBuilder = Microsoft.Agents.AI.Workflows.WorkflowBuilder;

namespace Kailash.Benchmarks;

/// <summary>
/// The benchmark shapes as Microsoft Agent Framework workflows (<c>Microsoft.Agents.AI.Workflows</c>): one delegate
/// executor per node step doing value + 1 (the switch router passes its value through). Built once; every run executes
/// the prebuilt workflow in process.
/// </summary>
/// <remarks>
/// MAF counts differ from the shapes' node steps in two places, and the per-step figures still divide by the shapes'
/// node steps so every engine is normalised the same way: the fan-in barrier delivers one message per source, so the
/// join executor runs 8 times (an aggregating executor); the loop has one extra exit executor that yields the result
/// (10,001 executor runs instead of 10,000).
/// </remarks>
public static class MafShapes
{
    public static MafWorkflow Build(string shape) => shape switch
    {
        Shapes.Seq3 => Chain(3),
        Shapes.Chain50 => Chain(50),
        Shapes.FanOut8Join => FanOut(8, static i => Increment($"w{i}")),
        Shapes.Loop => Loop(Shapes.LoopIterations),
        Shapes.Switch => Switch(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>A fan-out of <paramref name="width"/> asynchronous workers joined by a sum.</summary>
    public static MafWorkflow FanOutAsync(int width, Func<long, ValueTask<long>> work)
        => FanOut(width, i => work.BindAsExecutor<long, long>($"w{i}"));

    /// <summary>Runs the workflow to idle in the given environment and returns the last output it yielded.</summary>
    public static async Task<long> RunAsync(IWorkflowExecutionEnvironment environment, MafWorkflow workflow, long input)
    {
        await using var run = await environment.RunAsync(workflow, input).ConfigureAwait(false);
        long? last = null;
        foreach (var evt in run.OutgoingEvents)
        {
            switch (evt)
            {
                case WorkflowOutputEvent output when output.Is<long>(out var value):
                    last = value;
                    break;
                case WorkflowErrorEvent error:
                    throw new InvalidOperationException($"MAF workflow failed: {error.Data}");
                default:
                    break;
            }
        }

        return last ?? throw new InvalidOperationException("The MAF workflow yielded no output.");
    }

    private static ExecutorBinding Increment(string id)
    {
        Func<long, long> increment = static n => n + 1;
        return increment.BindAsExecutor(id);
    }

    private static MafWorkflow Chain(int length)
    {
        var head = Increment("n0");
        var builder = new MafWorkflowBuilder(head);
        var tail = head;
        for (var i = 1; i < length; i++)
        {
            var next = Increment($"n{i}");
            builder.AddEdge(tail, next);
            tail = next;
        }

        return builder.WithOutputFrom(tail).Build();
    }

    private static MafWorkflow FanOut(int width, Func<int, ExecutorBinding> worker)
    {
        var start = Increment("start");
        Func<long, long, long> sum = static (total, value) => total + value;
        var join = sum.BindAsExecutor<long, long>("join");
        var workers = new ExecutorBinding[width];
        for (var i = 0; i < width; i++)
        {
            workers[i] = worker(i);
        }

        return new MafWorkflowBuilder(start)
            .AddFanOutEdge(start, workers)
            .AddFanInBarrierEdge(workers, join)
            .WithOutputFrom(join)
            .Build();
    }

    private static MafWorkflow Loop(int iterations)
    {
        var limit = 2L * iterations;
        var inc = Increment("inc");
        var check = Increment("check");
        Func<long, long> exit = static n => n;
        var done = exit.BindAsExecutor("done");
        return new MafWorkflowBuilder(inc)
            .AddEdge(inc, check)
            .AddEdge<long>(check, inc, n => n < limit)
            .AddEdge<long>(check, done, n => n >= limit)
            .WithOutputFrom(done)
            .Build();
    }

    private static MafWorkflow Switch()
    {
        var start = Increment("start");
        Func<long, long> pass = static n => n;
        var router = pass.BindAsExecutor("switch");
        var t1 = Increment("t1");
        var t2 = Increment("t2");
        var f1 = Increment("f1");
        var f2 = Increment("f2");
        return new MafWorkflowBuilder(start)
            .AddEdge(start, router)
            .AddSwitch(router, sw => sw.AddCase<long>(static n => n > 0, [t1]).WithDefault([f1]))
            .AddEdge(t1, t2)
            .AddEdge(f1, f2)
            .WithOutputFrom(t2, f2)
            .Build();
    }
}
