using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

public sealed class ConcurrentSchedulerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task NeverRunsMoreThanMaxConcurrency(int max)
    {
        var running = 0;
        var peak = 0;
        var builder = new WorkflowBuilder("wide");
        for (var i = 0; i < 24; i++)
        {
            builder.AddNode($"n{i}", new AsyncLambdaNode(async (_, _, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(5, token);
                Interlocked.Decrement(ref running);
                return new Dictionary<string, object?>();
            }));
        }

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = max });
        await runtime.ExecuteAsync(builder.Build(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(peak, 1, max);
        if (max > 1)
        {
            Assert.True(peak > 1, "independent async nodes should overlap");
        }
    }

    [Fact]
    public async Task StartsANodeOnlyWhenAllItsInputsAreDone()
    {
        var finished = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        AsyncLambdaNode Track(string id, int delay, params string[] needs) => new(async (_, _, token) =>
        {
            foreach (var need in needs)
            {
                Assert.True(finished.ContainsKey(need), $"{id} started before {need} finished");
            }

            await Task.Delay(delay, token);
            finished[id] = true;
            return new Dictionary<string, object?> { ["result"] = id };
        });

        var workflow = new WorkflowBuilder("diamond")
            .AddNode("a", Track("a", 1))
            .AddNode("slow", Track("slow", 20, "a"))
            .AddNode("fast", Track("fast", 1, "a"))
            .AddNode("join", Track("join", 1, "slow", "fast"))
            .AddConnection("a", "result", "slow", "x")
            .AddConnection("a", "result", "fast", "x")
            .AddConnection("slow", "result", "join", "s")
            .AddConnection("fast", "result", "join", "f")
            .Build();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4 });

        var run = await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        Assert.Equal(["a", "slow", "fast", "join"], run.Results.Keys);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
