using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.Tests.Runtime.Analytics;

internal static class AnalyticsHarness
{
    /// <summary>A workflow exercising every node status: start → flaky (retried) → after; start → boom → skipped.</summary>
    public static Workflow Mixed(string id)
        => new WorkflowBuilder(id)
            .AddNode("start", new LambdaNode(_ => 1L))
            .AddNode("flaky", new LambdaNode(
                (inputs, context) => context.Attempt < 2 ? throw new InvalidOperationException("once") : new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + 1 },
                [new NodeParameter("value", typeof(long)) { Required = true }],
                ["result"]))
            .AddNode("after", new LambdaNode(inputs => inputs.Get<long>("value") * 10, [new NodeParameter("value", typeof(long)) { Required = true }]))
            .AddNode("boom", new LambdaNode(_ => throw new InvalidOperationException("boom")))
            .AddNode("skipped", new LambdaNode(_ => 0L))
            .AddConnection("start", "result", "flaky", "value")
            .AddConnection("flaky", "result", "after", "value")
            .AddConnection("start", "result", "boom", "value")
            .AddConnection("boom", "result", "skipped", "value")
            .WithRetry("flaky", new Kailash.Runtime.Enterprise.RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero })
            .Build();

    /// <summary>A self-loop that counts up for <paramref name="iterations"/> iterations.</summary>
    public static Workflow Loop(string id, int iterations)
        => new WorkflowBuilder(id)
            .AddNode("counter", new LambdaNode(inputs => inputs.Get<long>("value") + 1, [new NodeParameter("value", typeof(long)) { Required = true }]), new() { ["value"] = 0L })
            .CreateCycle("loop").Connect("counter", "result", "counter", "value").MaxIterations(iterations).Build()
            .Build();

    public static async Task<WorkflowRunResult> RunAsync(BaseRuntime runtime, Workflow workflow)
        => runtime is LocalRuntime local
            ? local.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken)
            : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);
}
