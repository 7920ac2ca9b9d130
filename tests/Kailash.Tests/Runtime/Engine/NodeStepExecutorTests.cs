using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>The step-executor seam: a run's executor runs every node attempt's body; everything else stays in the engine.</summary>
public sealed class NodeStepExecutorTests
{
    [Fact]
    public async Task RunWithExecutor_SendsEveryNodeBodyThroughIt_AndRecordsItsOutputs()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", Constant(1L))
            .AddNode("b", Constant(2L))
            .Build();
        var executor = new RecordingExecutor(replace: 40L);
        await using var runtime = new AsyncLocalRuntime();

        var result = await runtime.ExecuteAsync(workflow, null, new RunSettings { StepExecutor = executor }, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(40L, result["a"]["result"]);
        Assert.Equal(40L, result["b"]["result"]);
        Assert.Equal(["a/1", "b/1"], executor.Calls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RetryPolicy_RunsOnTheDrivingEngine_EachAttemptGoesThroughTheExecutor()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("flaky", Constant(1L))
            .WithRetry("flaky", new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, UseJitter = false })
            .Build();
        var executor = new RecordingExecutor(replace: null, failFirst: 2);
        await using var runtime = new AsyncLocalRuntime();

        var result = await runtime.ExecuteAsync(workflow, null, new RunSettings { StepExecutor = executor }, TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(3, result.Results["flaky"].Attempts);
        Assert.Equal(["flaky/1", "flaky/2", "flaky/3"], executor.Calls);
    }

    [Fact]
    public async Task RunWithoutExecutor_RunsBodiesInPlace()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Constant(7L)).Build();
        await using var runtime = new AsyncLocalRuntime();

        var result = await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(7L, result["a"]["result"]);
    }

    private sealed class RecordingExecutor(object? replace, int failFirst = 0) : INodeStepExecutor
    {
        private int _failures;

        public ConcurrentQueue<string> Calls { get; } = new();

        public async ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(Node node, NodeInputs inputs, NodeContext context)
        {
            Calls.Enqueue($"{context.NodeId}/{context.Attempt}");
            await Task.Yield();
            if (Interlocked.Increment(ref _failures) <= failFirst)
            {
                throw new InvalidOperationException("remote step lost");
            }

            return replace is null ? await node.InvokeAsync(inputs, context) : new Dictionary<string, object?> { ["result"] = replace };
        }
    }
}
