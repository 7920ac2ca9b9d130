using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Conditional;

/// <summary>Runs workflows on both runtimes and builds small recording nodes for the conditional and cycle tests.</summary>
internal static class TestRuns
{
    /// <summary>Runs on LocalRuntime; a run that throws <see cref="WorkflowExecutionException"/> returns its partial result.</summary>
    public static WorkflowRunResult Sync(Workflow workflow, RuntimeOptions? options = null, Dictionary<string, object?>? parameters = null)
    {
        using var runtime = new LocalRuntime(options);
        try
        {
            return runtime.Execute(workflow, parameters, TestContext.Current.CancellationToken);
        }
        catch (WorkflowExecutionException ex)
        {
            return ex.Result;
        }
    }

    /// <summary>Runs on AsyncLocalRuntime; a run that throws <see cref="WorkflowExecutionException"/> returns its partial result.</summary>
    public static async Task<WorkflowRunResult> Async(Workflow workflow, RuntimeOptions? options = null, Dictionary<string, object?>? parameters = null)
    {
        await using var runtime = new AsyncLocalRuntime(options);
        try
        {
            return await runtime.ExecuteAsync(workflow, parameters, TestContext.Current.CancellationToken);
        }
        catch (WorkflowExecutionException ex)
        {
            return ex.Result;
        }
    }

    public static RuntimeOptions Mode(Kailash.Runtime.Conditional.ConditionalExecutionMode mode, ErrorPolicy policy = ErrorPolicy.Stop)
        => new() { ConditionalExecution = mode, ErrorPolicy = policy };

    /// <summary>A node that records its id each time it runs and forwards its <c>data</c> input to <c>data</c>.</summary>
    public static LambdaNode Recording(ConcurrentQueue<string> calls, string id)
        => new(
            (inputs, _) =>
            {
                calls.Enqueue(id);
                return new Dictionary<string, object?> { ["data"] = inputs.TryGetValue("data", out var v) ? v : "<absent>" };
            },
            [new NodeParameter("data", typeof(object)), new NodeParameter("other", typeof(object))],
            ["data"]);

    public static LambdaNode Constant(object? value) => new(_ => value);

    public static LambdaNode Throwing(ConcurrentQueue<string> calls, string id)
        => new(
            (_, _) =>
            {
                calls.Enqueue(id);
                throw new InvalidOperationException($"{id} exploded");
            },
            [new NodeParameter("data", typeof(object))],
            ["data"]);
}
