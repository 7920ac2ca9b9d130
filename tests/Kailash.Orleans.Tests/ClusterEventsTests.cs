using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests;

/// <summary>A cluster run's events without a run store: <c>StreamAsync</c> and <c>RunSettings.OnEvent</c> give what the local runtime gives.</summary>
[Collection(nameof(SharedCluster))]
public sealed class ClusterEventsTests(ClusterFixture fixture)
{
    internal static Workflow Chain(string id) => new WorkflowBuilder(id, ClusterNodes.Registry)
        .AddNode("ClusterConstant", "a", new() { ["value"] = 1L })
        .AddNode("ClusterAddOne", "b")
        .AddNode("ClusterAddOne", "c")
        .AddConnection("a", "result", "b", "value")
        .AddConnection("b", "result", "c", "value")
        .Build();

    internal static string Shape(RunEvent runEvent) => $"{runEvent.Seq}:{runEvent.Type}:{(runEvent as NodeEvent)?.NodeId}";

    internal static void AssertNumbered(IReadOnlyList<RunEvent> events, long first = 1)
        => Assert.Equal(Enumerable.Range(0, events.Count).Select(i => first + i), events.Select(e => e.Seq));

    [Fact]
    public async Task StreamAsync_YieldsTheLocalRuntimesEvents_NumberedWithoutGaps_EndingWithTheEndEvent()
    {
        var workflow = Chain("stream");
        await using var local = new AsyncLocalRuntime();
        var expected = new List<RunEvent>();
        await foreach (var runEvent in local.StreamAsync(workflow, cancellationToken: TestContext.Current.CancellationToken))
        {
            expected.Add(runEvent);
        }

        var runId = "stream-" + Guid.NewGuid().ToString("N");
        var events = new List<RunEvent>();
        await foreach (var runEvent in fixture.Runtime.StreamAsync(workflow, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken))
        {
            events.Add(runEvent);
        }

        Assert.Equal(expected.Select(Shape), events.Select(Shape));
        AssertNumbered(events);
        Assert.All(events, e => Assert.Equal(runId, e.RunId));
        Assert.IsType<RunCompleted>(events[^1]);
        Assert.Equal(3, ClusterNodes.Executions(runId).Count);
    }

    [Fact]
    public async Task StreamAsync_FailedRun_IsAnEvent_NotAnException()
    {
        var workflow = new WorkflowBuilder("stream-fail", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "text", new() { ["value"] = "not a number" })
            .AddNode("ClusterAddOne", "a")
            .AddConnection("text", "result", "a", "value")
            .Build();

        var events = new List<RunEvent>();
        await foreach (var runEvent in fixture.Runtime.StreamAsync(workflow, cancellationToken: TestContext.Current.CancellationToken))
        {
            events.Add(runEvent);
        }

        AssertNumbered(events);
        Assert.Contains(events, e => e is NodeFailed { NodeId: "a" });
        Assert.IsType<RunFailed>(events[^1]);
    }

    [Fact]
    public async Task StreamAsync_RefusedRun_ThrowsItsCode_FromTheFirstMove()
    {
        var workflow = new WorkflowBuilder("lambda").AddNode("a", new Kailash.Nodes.Code.LambdaNode(_ => 1L)).Build();
        var events = fixture.Runtime.StreamAsync(workflow, cancellationToken: TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await events.MoveNextAsync());

        Assert.Equal(ErrorCodes.ClusterWorkflowNotPortable, error.Code);
        await events.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteAsync_WithOnEvent_HandsEveryEventInOrder_BeforeItReturns()
    {
        var events = new List<RunEvent>();
        var runId = "on-event-" + Guid.NewGuid().ToString("N");

        var result = await fixture.Runtime.ExecuteAsync(Chain("on-event"), null, new RunSettings { RunId = runId, OnEvent = events.Add }, TestContext.Current.CancellationToken);

        Assert.Equal(3L, result["c"]["result"]);
        AssertNumbered(events);
        Assert.IsType<RunStarted>(events[0]);
        Assert.IsType<RunCompleted>(events[^1]);
        Assert.Equal(3, events.Count(e => e is NodeCompleted));
    }

    [Fact]
    public async Task LeavingTheStreamEarly_CancelsTheRunOnTheCluster()
    {
        var runId = "stream-leave-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var workflow = new WorkflowBuilder("stream-leave", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "start", new() { ["value"] = 1L })
            .AddNode("ClusterGate", "blocked")
            .AddNode("ClusterAddOne", "after")
            .AddConnection("start", "result", "blocked", "value")
            .AddConnection("blocked", "result", "after", "value")
            .Build();
        try
        {
            await foreach (var runEvent in fixture.Runtime.StreamAsync(workflow, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken))
            {
                if (runEvent is NodeStarted { NodeId: "blocked" })
                {
                    break;
                }
            }

            // The stream waited for the run to end cancelled: asking the run grain again (the same request) gives that outcome.
            gate.Release.TrySetResult();
            var error = await Assert.ThrowsAsync<WorkflowCancelledException>(async () => await fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId, OnEvent = _ => { } }, TestContext.Current.CancellationToken));
            Assert.Equal(WorkflowRunStatus.Cancelled, error.Result.Status);
            Assert.Equal(NodeStatus.Cancelled, error.Result.Results["blocked"].Status);
            Assert.NotEqual(NodeStatus.Completed, error.Result.Results["after"].Status);
            Assert.DoesNotContain(ClusterNodes.Executions(runId), e => e.Node == "after");
        }
        finally
        {
            gate.Release.TrySetResult();
        }
    }
}
