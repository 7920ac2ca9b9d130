using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Node authoring v2: typed nodes and a custom routing node, in both conditional modes and as a cycle exit.</summary>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> NodesV2 =
    [
        new("nodes-typed-chain", () => new WorkflowBuilder("typed-chain")
                .AddNode("a", new ThresholdRouter(), new() { ["value"] = 1L, ["threshold"] = 100L })
                .AddNode("b", AddOne())
                .AddConnection("a", "low", "b", "value")
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(2L, r["b"]["result"]);
                Assert.Equal(false, r["a"]["is_high"]);
            },
        },
        new("nodes-custom-router-route-data", () => RouterBranches(5L)) { Expect = ExpectHighBranch },
        new("nodes-custom-router-skip-branches", () => RouterBranches(5L))
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = ExpectHighBranch,
        },
        new("nodes-custom-router-cycle-exit", () => RouterLoop(maxIterations: 10))
        {
            Expect = r =>
            {
                Assert.Equal(3L, r["count"]["result"]);
                Assert.Equal(3, r.Cycles["loop"].Iterations);
            },
        },
        new("nodes-custom-router-cycle-exit-skip-branches", () => RouterLoop(maxIterations: 10))
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = r => Assert.Equal(3L, r["count"]["result"]),
        },
        new("nodes-custom-router-fail-on-max-iterations", () => RouterLoop(maxIterations: 2))
        {
            // The router is the loop's exit, so reaching the limit means it never exited: FailOnMaxIterations applies.
            Configure = o => o.Cycles = new CycleOptions { FailOnMaxIterations = true },
            ExpectThrowCode = ErrorCodes.CycleDidNotConverge,
        },
    ];

    private static Workflow RouterBranches(long value) => new WorkflowBuilder("custom-router")
        .AddNode("router", new ThresholdRouter(), new() { ["value"] = value })
        .AddNode("high_down", AddOne())
        .AddNode("low_down", AddOne())
        .AddNode("low_after", AddOne())
        .AddConnection("router", "high", "high_down", "value")
        .AddConnection("router", "low", "low_down", "value")
        .AddConnection("low_down", "result", "low_after", "value")
        .Build();

    private static void ExpectHighBranch(WorkflowRunResult r)
    {
        Assert.Equal(6L, r["high_down"]["result"]);
        Assert.Equal(SkipReason.ConditionalRouting, r["low_down"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, r["low_after"].SkipReason);
    }

    /// <summary>count → router; the router's <c>low</c> port feeds the count back until it reaches the threshold (3).</summary>
    private static Workflow RouterLoop(int maxIterations) => new WorkflowBuilder("router-loop")
        .AddNode("count", AddOne(), new() { ["value"] = 0L })
        .AddNode("router", new ThresholdRouter(), new() { ["threshold"] = 3L })
        .AddConnection("count", "result", "router", "value")
        .CreateCycle("loop").Connect("router", "low", "count", "value").MaxIterations(maxIterations).Build()
        .Build();

    /// <summary>The inputs of <see cref="ThresholdRouter"/>.</summary>
    public sealed record ThresholdInput(long Value, long Threshold = 3);

    /// <summary>The outputs of <see cref="ThresholdRouter"/>: the value on both branch ports, and which one is live.</summary>
    public sealed record ThresholdOutput(long High, long Low, bool IsHigh);

    /// <summary>A typed custom routing node: <c>high</c> is live when value ≥ threshold, <c>low</c> otherwise.</summary>
    public sealed class ThresholdRouter : Node<ThresholdInput, ThresholdOutput>
    {
        public override ThresholdOutput Run(ThresholdInput input, NodeContext context)
            => new(input.Value, input.Value, input.Value >= input.Threshold);

        public override bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port) => port switch
        {
            "high" => (bool)outputs["is_high"]!,
            "low" => !(bool)outputs["is_high"]!,
            _ => true,
        };
    }
}
