using Kailash.Nodes;
using Kailash.Nodes.Code;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Deterministic nodes and a clock for the conditional and cycle scenarios.</summary>
public static class ConditionalAndCycleNodes
{
    /// <summary>count + step → <c>count</c>, with <c>done</c> once it reaches <c>limit</c> and the iteration it ran in.</summary>
    public static LambdaNode Counter()
        => new(
            (inputs, context) =>
            {
                var next = inputs.GetOrDefault("count", 0L) + inputs.GetOrDefault("step", 1L);
                return new Dictionary<string, object?> { ["count"] = next, ["done"] = next >= inputs.GetOrDefault("limit", 3L), ["iteration"] = (long)(context.Cycle?.Iteration ?? 0) };
            },
            [
                new NodeParameter("count", typeof(long)) { Default = 0L, HasDefault = true },
                new NodeParameter("step", typeof(long)) { Default = 1L, HasDefault = true },
                new NodeParameter("limit", typeof(long)) { Default = 3L, HasDefault = true },
            ],
            ["count", "done", "iteration"]);

    /// <summary>The same counter, awaiting a real delay each time (exercises the async path inside cycles).</summary>
    public static AsyncLambdaNode DelayedCounter(int milliseconds)
        => new(
            async (inputs, context, token) =>
            {
                await Task.Delay(milliseconds, token);
                var next = inputs.GetOrDefault("count", 0L) + 1;
                return new Dictionary<string, object?> { ["count"] = next, ["done"] = next >= inputs.GetOrDefault("limit", 3L), ["iteration"] = (long)(context.Cycle?.Iteration ?? 0) };
            },
            [
                new NodeParameter("count", typeof(long)) { Default = 0L, HasDefault = true },
                new NodeParameter("limit", typeof(long)) { Default = 3L, HasDefault = true },
            ],
            ["count", "done", "iteration"]);

    /// <summary>value + 1 → <c>value</c>.</summary>
    public static LambdaNode Increment()
        => new(
            (inputs, _) => new Dictionary<string, object?> { ["value"] = inputs.Get<long>("value") + 1 },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value"]);

    /// <summary>Passes <c>value</c> on with <c>converged</c> = value ≥ 3.</summary>
    public static LambdaNode Check()
        => new(
            (inputs, _) =>
            {
                var value = inputs.Get<long>("value");
                return new Dictionary<string, object?> { ["value"] = value, ["converged"] = value >= 3 };
            },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value", "converged"]);

    /// <summary>Forwards <c>data</c> (or <c>&lt;absent&gt;</c>) and <c>other</c>.</summary>
    public static LambdaNode Probe()
        => new(
            (inputs, _) => new Dictionary<string, object?>
            {
                ["data"] = inputs.TryGetValue("data", out var data) ? data : "<absent>",
                ["other"] = inputs.TryGetValue("other", out var other) ? other : "<absent>",
            },
            [new NodeParameter("data", typeof(object)), new NodeParameter("other", typeof(object))],
            ["data", "other"]);

    /// <summary>Fails in the given cycle iteration, passes <c>value</c> on otherwise.</summary>
    public static LambdaNode FailInIteration(int iteration)
        => new(
            (inputs, context) => context.Cycle?.Iteration == iteration
                ? throw new InvalidOperationException($"failed in iteration {iteration}")
                : new Dictionary<string, object?> { ["value"] = inputs.Get<long>("value") },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["value"]);

    public static LambdaNode Throws(string message)
        => new(
            (_, _) => throw new InvalidOperationException(message),
            [new NodeParameter("data", typeof(object))],
            ["data"]);

    public static Dictionary<string, string> Map(string from, string to) => new() { [from] = to };

    /// <summary>A clock that moves forward a fixed step each time it is read, so time limits trip deterministically.</summary>
    public sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }
}
