using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary><c>AsyncLocalRuntime.StreamAsync</c> and <c>LocalRuntime.Stream</c>: the run's events as a sequence, bounded, never lossy.</summary>
public sealed class RunEventStreamTests
{
    public static TheoryData<bool> Runtimes => new() { true, false };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Stream_GivesTheRunsEvents_InOrder_EndingWithTheRunsEnd(bool sync)
    {
        using var runtime = Harness.Create(sync);
        var callback = new List<RunEvent>();
        var workflow = Chain(5, null);
        _ = runtime is LocalRuntime local
            ? local.Execute(workflow, null, new RunSettings { OnEvent = callback.Add }, TestContext.Current.CancellationToken)
            : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, new RunSettings { OnEvent = callback.Add }, TestContext.Current.CancellationToken);

        var streamed = await Collect(runtime, workflow);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), streamed.Select(e => e.Seq));
        Assert.IsType<RunStarted>(streamed[0]);
        Assert.IsType<RunCompleted>(streamed[^1]);
        Assert.Equal(callback.Select(e => e.Type), streamed.Select(e => e.Type));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ASlowConsumer_HoldsTheRunBack_AndLosesNothing(bool sync)
    {
        const int Buffer = 1;
        var consumed = 0;
        var seenByNode = new List<int>();
        using var runtime = Harness.Create(sync);
        var workflow = Chain(20, _ => { lock (seenByNode) { seenByNode.Add(Volatile.Read(ref consumed)); } });

        var events = new List<RunEvent>();
        await foreach (var runEvent in Events(runtime, workflow, new RunSettings { EventBufferSize = Buffer }))
        {
            events.Add(runEvent);
            Interlocked.Increment(ref consumed);
            Thread.Sleep(1);
        }

        Assert.Equal(1 + (20 * 2) + 1, events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        // Before node i runs, 1 + 2i events exist (run start, two per earlier node); all but the buffer and the one in
        // the consumer's hands were taken, or the run would have waited.
        for (var i = 0; i < seenByNode.Count; i++)
        {
            Assert.True(seenByNode[i] >= (2 * i) - Buffer, $"node {i} ran when the consumer had taken only {seenByNode[i]} events");
        }
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task LeavingTheLoop_CancelsTheRun_AndWaitsForIt(bool sync)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = new AsyncLambdaNode(
            async (_, _, token) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    cancelled.SetResult();
                    throw;
                }

                return new Dictionary<string, object?>();
            },
            null,
            ["result"]);
        using var runtime = Harness.Create(sync);
        var workflow = new WorkflowBuilder("hang").AddNode("first", new LambdaNode(_ => 1L)).AddNode("hang", hanging).AddConnection("first", "result", "hang", "value").Build();

        await foreach (var runEvent in Events(runtime, workflow, null))
        {
            if (runEvent is NodeStarted { NodeId: "hang" })
            {
                break;
            }
        }

        Assert.True(cancelled.Task.IsCompleted, "the run was still going when the loop ended");
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ARefusedRun_ThrowsItsCode_AndAFailedRunIsAnEvent(bool sync)
    {
        using var runtime = Harness.Create(sync);
        var refused = await Assert.ThrowsAsync<KailashException>(async () => await Collect(runtime, Chain(1, null), new Dictionary<string, object?> { ["nope"] = 1 }));
        Assert.Equal(ErrorCodes.UnknownParameter, refused.Code);

        var failed = await Collect(runtime, Harness.Single("fails", Harness.Failing(() => new InvalidOperationException("boom"))));

        var end = Assert.IsType<RunFailed>(failed[^1]);
        Assert.Equal(("n", ErrorCodes.NodeFailed), (end.NodeId, end.Code));
    }

    [Fact]
    public void EventBufferSize_MustBePositive()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RunSettings { EventBufferSize = 0 });

    private static async Task<List<RunEvent>> Collect(BaseRuntime runtime, Workflow workflow, Dictionary<string, object?>? parameters = null)
    {
        var events = new List<RunEvent>();
        await foreach (var runEvent in Events(runtime, workflow, null, parameters))
        {
            events.Add(runEvent);
        }

        return events;
    }

    private static IAsyncEnumerable<RunEvent> Events(BaseRuntime runtime, Workflow workflow, RunSettings? settings, Dictionary<string, object?>? parameters = null)
        => runtime is LocalRuntime local
            ? local.Stream(workflow, parameters, settings, TestContext.Current.CancellationToken).ToAsyncEnumerable()
            : ((AsyncLocalRuntime)runtime).StreamAsync(workflow, parameters, settings, TestContext.Current.CancellationToken);

    /// <summary>A chain of counting nodes; <paramref name="onRun"/> is called with a node's position when it runs.</summary>
    internal static Workflow Chain(int length, Action<int>? onRun)
    {
        var builder = new WorkflowBuilder("chain");
        for (var i = 0; i < length; i++)
        {
            var index = i;
            builder.AddNode($"n{i}", new LambdaNode(inputs => { onRun?.Invoke(index); return inputs.TryGetValue("value", out var v) && v is long n ? n + 1 : 0L; }, [new NodeParameter("value", typeof(long)) { Required = false }]));
            if (i > 0)
            {
                builder.AddConnection($"n{i - 1}", "result", $"n{i}", "value");
            }
        }

        return builder.Build();
    }
}
