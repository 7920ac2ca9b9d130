using System.Diagnostics;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary>Disposal cancels and drains in-flight runs; an engine failure still closes what the run opened.</summary>
public sealed class RuntimeLifecycleTests
{
    public static TheoryData<bool, bool> Cases => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Disposing_DuringARun_CancelsIt_AndWaitsForIt(bool sync, bool disposeAsync)
    {
        var options = new RuntimeOptions();
        options.Resources["db"] = new ResourceOptions { MaxConcurrency = 1 };
        var runtime = Harness.Create(sync, options);
        var started = new SemaphoreSlim(0);
        var ended = 0;
        var workflow = new WorkflowBuilder("dispose")
            .AddNode("wait", new AsyncLambdaNode(async (_, _, token) =>
            {
                started.Release();
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                    return new Dictionary<string, object?>();
                }
                finally
                {
                    Interlocked.Exchange(ref ended, 1);
                }
            }))
            .UsesResource("wait", "db")
            .AddNode("next", new LambdaNode(inputs => inputs["value"], [new NodeParameter("value", typeof(object))]))
            .AddConnection("wait", "result", "next", "value")
            .Build();

        var run = Task.Run(() => Harness.RunAsync(runtime, workflow, CancellationToken.None), TestContext.Current.CancellationToken);
        await started.WaitAsync(TestContext.Current.CancellationToken);
        if (disposeAsync)
        {
            await runtime.DisposeAsync();
        }
        else
        {
            runtime.Dispose();
        }

        // Disposal returned only after the run ended: the node saw its token and finished.
        Assert.Equal(1, Volatile.Read(ref ended));
        var (result, thrown) = await run;
        Assert.IsType<WorkflowCancelledException>(thrown);
        Assert.Equal(WorkflowRunStatus.Cancelled, result.Status);
        Assert.Equal(NodeStatus.Cancelled, result["wait"].Status);
        Assert.NotEqual(ErrorCodes.ResourceLimitReached, result["wait"].ErrorCode);
        Assert.Equal(NodeStatus.Cancelled, result["next"].Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARunStartedAfterDisposal_ThrowsObjectDisposed(bool sync)
    {
        var runtime = Harness.Create(sync);
        await runtime.DisposeAsync();
        await runtime.DisposeAsync();

        var workflow = new WorkflowBuilder("late").AddNode("n", new LambdaNode(_ => 1L)).Build();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Harness.RunAsync(runtime, workflow, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ASchedulerThatThrows_StillClosesTheRunSpan_AndTheInFlightEntry()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KailashTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) { stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var options = new RuntimeOptions();
        options.Validate();
        var frozen = options.Snapshot();
        var engine = new ExecutionEngine(new RuntimeServices(frozen) { SequentialScheduler = new ThrowingScheduler() });
        var workflow = new WorkflowBuilder("engine-bug").AddNode("n", new LambdaNode(_ => 1L)).Build();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.RunAsync(workflow, null, new RunSettings { RunId = "bug-run" }, isSynchronous: true, TestContext.Current.CancellationToken));

        Assert.Null(engine.Services.Analytics.Aggregates.Find("bug-run"));
        Assert.Equal(0, engine.Services.Enterprise.Resources.InFlightRuns);
        lock (stopped)
        {
            var span = Assert.Single(stopped, a => a.OperationName == KailashTelemetry.RunActivityName && Equals(a.GetTagItem(KailashTelemetry.RunIdTag), "bug-run"));
            Assert.Equal(ActivityStatusCode.Error, span.Status);
        }
    }

    private sealed class ThrowingScheduler : IScheduler
    {
        public ValueTask RunAsync(RunContext run) => throw new InvalidOperationException("engine bug");
    }
}
