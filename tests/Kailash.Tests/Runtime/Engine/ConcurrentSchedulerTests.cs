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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task SyncNodes_NeverRunMoreThanMaxConcurrency(int max)
    {
        var running = 0;
        var peak = 0;
        var builder = new WorkflowBuilder("sync-wide");
        for (var i = 0; i < 12; i++)
        {
            builder.AddNode($"n{i}", new LambdaNode(_ =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref running));
                Thread.Sleep(2);
                return Interlocked.Decrement(ref running);
            }));
        }

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = max });
        var run = await runtime.ExecuteAsync(builder.Build(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        Assert.InRange(peak, 1, max);
    }

    [Fact]
    public async Task AChainOfSyncNodes_RunsInlineOnTheCallingThread()
    {
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        LambdaNode Step() => new(inputs =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            return inputs.GetOrDefault("value", 0L) + 1;
        });
        var workflow = new WorkflowBuilder("sync-chain")
            .AddNode("a", Step()).AddNode("b", Step()).AddNode("c", Step())
            .AddConnection("a", "result", "b", "value")
            .AddConnection("b", "result", "c", "value")
            .Build();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });

        var caller = Environment.CurrentManagedThreadId;
        var pending = runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(pending.IsCompletedSuccessfully, "an all-sync chain completes without leaving the caller's thread");
        Assert.Equal(3L, (await pending)["c"]["result"]);
        Assert.All(threads, id => Assert.Equal(caller, id));
    }

    [Fact]
    public async Task SyncFanOut_GivesTheSameResultsAsLocalRuntime()
    {
        var builder = new WorkflowBuilder("sync-fan-join").AddNode("start", new LambdaNode(_ => 1L));
        var join = new LambdaNode(inputs => inputs.Values.Sum(v => (long)v!));
        builder.AddNode("join", join);
        for (var i = 0; i < 6; i++)
        {
            var factor = i + 1L;
            builder.AddNode($"w{i}", new LambdaNode(inputs => inputs.Get<long>("value") * factor))
                .AddConnection("start", "result", $"w{i}", "value")
                .AddConnection($"w{i}", "result", "join", $"x{i}");
        }

        var workflow = builder.Build();
        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4 });

        var expected = sync.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var actual = await parallel.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(21L, expected["join"]["result"]);
        Assert.Equal(expected["join"]["result"], actual["join"]["result"]);
        Assert.Equal(expected.Results.Keys, actual.Results.Keys);
        Assert.All(actual.Results.Values, r => Assert.Equal(NodeStatus.Completed, r.Status));
    }

    [Fact]
    public async Task Cancellation_RecordsQueuedUnitsCancelled_AndRunningOnesTheirRealOutcome()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var release = new ManualResetEventSlim();
        var started = new SemaphoreSlim(0);
        var builder = new WorkflowBuilder("cancel-queue");
        for (var i = 0; i < 4; i++)
        {
            builder.AddNode($"n{i}", new AsyncLambdaNode(async (_, _, _) =>
            {
                started.Release();
                await Task.Run(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
                return new Dictionary<string, object?> { ["result"] = true };
            }));
        }

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 2 });
        var pending = runtime.ExecuteAsync(builder.Build(), cancellationToken: cts.Token).AsTask();
        await started.WaitAsync(TestContext.Current.CancellationToken);
        await started.WaitAsync(TestContext.Current.CancellationToken);
        await cts.CancelAsync();
        release.Set();

        var error = await Assert.ThrowsAsync<WorkflowCancelledException>(() => pending);
        var statuses = error.Result.Results.Values.Select(r => r.Status).ToList();
        Assert.Equal(2, statuses.Count(s => s == NodeStatus.Completed));
        Assert.Equal(2, statuses.Count(s => s == NodeStatus.Cancelled));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
