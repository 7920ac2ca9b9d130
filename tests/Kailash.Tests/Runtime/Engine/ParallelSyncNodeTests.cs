using System.Runtime.CompilerServices;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary><see cref="RuntimeOptions.MaxParallelSyncNodes"/>: synchronous nodes on thread-pool threads in the async runtime (issue 12).</summary>
public sealed class ParallelSyncNodeTests
{
    /// <summary>Long enough never to expire on a loaded machine; a node that waits this long reports that it did not meet its partner.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoSyncNodes_MeetEachOther_WhenParallelSyncNodesIsOn()
    {
        using var aArrived = new ManualResetEventSlim();
        using var bArrived = new ManualResetEventSlim();
        var workflow = new WorkflowBuilder("handshake")
            .AddNode("a", new LambdaNode(_ => Meet(aArrived, bArrived)))
            .AddNode("b", new LambdaNode(_ => Meet(bArrived, aArrived)))
            .Build();

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4, MaxParallelSyncNodes = 2 });
        var result = await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        // Each node signals its arrival and waits for the other's: both return true only if they ran at the same time.
        Assert.Equal(true, result["a"]["result"]);
        Assert.Equal(true, result["b"]["result"]);
    }

    [Fact]
    public async Task SyncNodes_RunInlineOneAtATime_ByDefault()
    {
        var (workflow, peak) = Wide(6);
        var caller = Environment.CurrentManagedThreadId;
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        var builder = new WorkflowBuilder("inline");
        for (var i = 0; i < 4; i++)
        {
            builder.AddNode($"n{i}", new LambdaNode(_ =>
            {
                threads.Add(Environment.CurrentManagedThreadId);
                return 0L;
            }));
        }

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        var pending = runtime.ExecuteAsync(builder.Build(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(pending.IsCompletedSuccessfully, "all-sync workflows complete inline");
        await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(threads, thread => Assert.Equal(caller, thread));
        Assert.Equal(1, peak.Value);
    }

    [Fact]
    public async Task ALoneSyncNode_StillRunsInline_WhenParallelSyncNodesIsOn()
    {
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = 0;
        var workflow = new WorkflowBuilder("chain")
            .AddNode("a", new LambdaNode(_ => 1L))
            .AddNode("b", new LambdaNode(inputs =>
            {
                ranOn = Environment.CurrentManagedThreadId;
                return inputs.Get<long>("value") + 1;
            }, [new NodeParameter("value", typeof(long))]))
            .AddConnection("a", "result", "b", "value")
            .Build();

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8, MaxParallelSyncNodes = 8 });
        var pending = runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        // A chain never has two nodes ready at once: every node runs inline and the run completes before the call returns.
        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(2L, (await pending)["b"]["result"]);
        Assert.Equal(caller, ranOn);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(8, 3)]
    public async Task NeverRunsMoreSyncNodesThanAllowed(int parallelSync, int maxConcurrency)
    {
        var (workflow, peak) = Wide(8);

        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = maxConcurrency, MaxParallelSyncNodes = parallelSync });
        var result = await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.InRange(peak.Value, 1, Math.Min(parallelSync, maxConcurrency));
    }

    [Fact]
    public void NegativeMaxParallelSyncNodes_IsRefused()
    {
        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new AsyncLocalRuntime(new RuntimeOptions { MaxParallelSyncNodes = -1 }));

        Assert.Contains(error.Errors, e => e.Contains("MaxParallelSyncNodes", StringComparison.Ordinal) && e.Contains("was -1", StringComparison.Ordinal));
    }

    private static bool Meet(ManualResetEventSlim mine, ManualResetEventSlim theirs)
    {
        mine.Set();
        return theirs.Wait(Patience, TestContext.Current.CancellationToken);
    }

    /// <summary>Independent synchronous nodes that record the most of them running at once.</summary>
    private static (Workflow Workflow, StrongBox<int> Peak) Wide(int width)
    {
        var running = 0;
        var peak = new StrongBox<int>();
        var builder = new WorkflowBuilder("wide-sync");
        for (var i = 0; i < width; i++)
        {
            builder.AddNode($"n{i}", new LambdaNode(_ =>
            {
                var now = Interlocked.Increment(ref running);
                var seen = Volatile.Read(ref peak.Value);
                while (now > seen && Interlocked.CompareExchange(ref peak.Value, now, seen) != seen)
                {
                    seen = Volatile.Read(ref peak.Value);
                }

                Thread.Sleep(2);
                Interlocked.Decrement(ref running);
                return now;
            }));
        }

        return (builder.Build(), peak);
    }
}
