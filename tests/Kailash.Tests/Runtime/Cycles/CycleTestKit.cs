using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Microsoft.Extensions.Logging;

namespace Kailash.Tests.Runtime.Cycles;

/// <summary>Nodes and a capturing logger for the cycle tests.</summary>
internal static class CycleTestKit
{
    /// <summary>count + step → <c>count</c>; <c>done</c> when it reaches <c>limit</c>. Records (count in, iteration) per call.</summary>
    public static LambdaNode Counter(ConcurrentQueue<string>? calls = null, Action? onRun = null)
        => new(
            (inputs, context) =>
            {
                onRun?.Invoke();
                var count = inputs.GetOrDefault("count", 0L);
                var next = count + inputs.GetOrDefault("step", 1L);
                calls?.Enqueue($"{context.NodeId}({count},{context.Cycle?.Iteration})");
                return new Dictionary<string, object?> { ["count"] = next, ["done"] = next >= inputs.GetOrDefault("limit", 3L) };
            },
            [
                new NodeParameter("count", typeof(long)) { Default = 0L, HasDefault = true },
                new NodeParameter("step", typeof(long)) { Default = 1L, HasDefault = true },
                new NodeParameter("limit", typeof(long)) { Default = 3L, HasDefault = true },
            ],
            ["count", "done"]);

    /// <summary>value + 1 → <c>value</c>.</summary>
    public static LambdaNode Increment(ConcurrentQueue<string>? calls = null)
        => new(
            (inputs, context) =>
            {
                var value = inputs.Get<long>("value");
                calls?.Enqueue($"{context.NodeId}({value},{context.Cycle?.Iteration})");
                return new Dictionary<string, object?> { ["value"] = value + 1 };
            },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value"]);

    /// <summary>Passes <c>value</c> on with <c>converged</c> = value ≥ 3.</summary>
    public static LambdaNode Check(ConcurrentQueue<string>? calls = null)
        => new(
            (inputs, context) =>
            {
                var value = inputs.Get<long>("value");
                calls?.Enqueue($"{context.NodeId}({value},{context.Cycle?.Iteration})");
                return new Dictionary<string, object?> { ["value"] = value, ["converged"] = value >= 3 };
            },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value", "converged"]);

    public static LambdaNode Echo(ConcurrentQueue<string>? calls = null)
        => new(
            (inputs, context) =>
            {
                calls?.Enqueue(context.NodeId);
                return new Dictionary<string, object?> { ["data"] = inputs.TryGetValue("data", out var v) ? v : "<absent>" };
            },
            [new NodeParameter("data", typeof(object))],
            ["data"]);

    public static LambdaNode FailOnIteration(int iteration)
        => new(
            (inputs, context) => context.Cycle?.Iteration == iteration
                ? throw new InvalidOperationException($"failed in iteration {iteration}")
                : new Dictionary<string, object?> { ["value"] = inputs.Get<long>("value") },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value"]);

    public static Dictionary<string, string> Map(string from, string to) => new() { [from] = to };
}
