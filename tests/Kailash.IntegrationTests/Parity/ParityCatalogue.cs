using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// The one catalogue of parity scenarios. A new scenario is one entry in one of its lists (one file per concern group);
/// <see cref="ParityTests"/> runs every entry on LocalRuntime and on AsyncLocalRuntime (MaxConcurrency 1 and 8) and
/// compares the results exactly.
/// </summary>
public static partial class ParityCatalogue
{
    public static IReadOnlyList<ParityScenario> All =>
        [.. Foundation, .. ValidationAndParameters, .. ConditionalAndCycles, .. EnterpriseAndAnalytics, .. NodesV2, .. Hardening, .. Durable, .. ParallelSync];

    private static readonly IReadOnlyList<ParityScenario> Foundation =
    [
        new("linear", () => new WorkflowBuilder("linear")
                .AddNode("start", Constant(1L))
                .AddNode("a", AddOne())
                .AddNode("b", AddOne())
                .AddConnection("start", "result", "a", "value")
                .AddConnection("a", "result", "b", "value")
                .Build())
        {
            Expect = r => Assert.Equal(3L, r["b"]["result"]),
        },
        new("fan-out-fan-in", () =>
        {
            var builder = new WorkflowBuilder("fan").AddNode("start", Constant(10L)).AddNode("join", Sum("x0", "x1", "x2", "x3"));
            for (var i = 0; i < 4; i++)
            {
                builder.AddNode($"w{i}", AddOne()).AddConnection("start", "result", $"w{i}", "value").AddConnection($"w{i}", "result", "join", $"x{i}");
            }

            return builder.Build();
        })
        {
            Expect = r => Assert.Equal(44L, r["join"]["result"]),
        },
        new("async-nodes-fan-out", () =>
        {
            var builder = new WorkflowBuilder("async-fan").AddNode("start", Constant(1L)).AddNode("join", Sum("x0", "x1", "x2"));
            for (var i = 0; i < 3; i++)
            {
                builder.AddNode($"w{i}", DelayedAddOne(5 * (3 - i))).AddConnection("start", "result", $"w{i}", "value").AddConnection($"w{i}", "result", "join", $"x{i}");
            }

            return builder.Build();
        })
        {
            Expect = r => Assert.Equal(6L, r["join"]["result"]),
        },
        new("dotted-source-path", () => new WorkflowBuilder("dotted")
                .AddNode("source", Constant(new Dictionary<string, object?> { ["payload"] = new Dictionary<string, object?> { ["score"] = 41L } }))
                .AddNode("inc", AddOne())
                .AddConnection("source", "result.payload.score", "inc", "value")
                .Build())
        {
            Expect = r => Assert.Equal(42L, r["inc"]["result"]),
        },
        new("precedence-config-connection-workflow-node", () => new WorkflowBuilder("precedence")
                .AddNode("src", Constant("from-connection"))
                .AddNode("echo", Echo("a", "b", "c", "d"), new() { ["a"] = "config", ["b"] = "config", ["c"] = "config", ["d"] = "config" })
                .AddConnection("src", "result", "echo", "b")
                .AddConnection("src", "result", "echo", "c")
                .AddConnection("src", "result", "echo", "d")
                .Build())
        {
            Parameters = new() { ["c"] = "workflow-level", ["d"] = "workflow-level", ["echo"] = new Dictionary<string, object?> { ["d"] = "node-specific" } },
            Expect = r =>
            {
                Assert.Equal("config", r["echo"]["a"]);
                Assert.Equal("from-connection", r["echo"]["b"]);
                Assert.Equal("workflow-level", r["echo"]["c"]);
                Assert.Equal("node-specific", r["echo"]["d"]);
            },
        },
        new("pass-through-chain", () => new WorkflowBuilder("pass")
                .AddNode<PassThroughNode>("p1", new() { ["data"] = "hello" })
                .AddNode<PassThroughNode>("p2")
                .AddConnection("p1", "data", "p2", "data")
                .Build())
        {
            Expect = r => Assert.Equal("hello", r["p2"]["data"]),
        },
        new("failure-stops-run", () => new WorkflowBuilder("fail-stop")
                .AddNode("start", Constant(1L))
                .AddNode("boom", Fail("kaput"))
                .AddNode("after", AddOne())
                .AddConnection("start", "result", "boom", "value")
                .AddConnection("boom", "result", "after", "value")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Failed, r.Status);
                Assert.Equal(NodeStatus.Completed, r["start"].Status);
                Assert.IsType<InvalidOperationException>(r["boom"].Error);
                Assert.Equal(NodeStatus.Skipped, r["after"].Status);
            },
        },
        new("failure-continue-skips-dependents", () => new WorkflowBuilder("fail-continue")
                .AddNode("start", Constant(1L))
                .AddNode("boom", Fail("kaput"))
                .AddNode("after", AddOne())
                .AddNode("later", AddOne())
                .AddNode("independent", AddOne())
                .AddConnection("start", "result", "boom", "value")
                .AddConnection("boom", "result", "after", "value")
                .AddConnection("after", "result", "later", "value")
                .AddConnection("start", "result", "independent", "value")
                .Build())
        {
            Configure = o => o.ErrorPolicy = ErrorPolicy.Continue,
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Failed, r.Status);
                Assert.Equal(NodeStatus.Failed, r["boom"].Status);
                Assert.Equal(SkipReason.UpstreamFailed, r["after"].SkipReason);
                Assert.Equal(SkipReason.UpstreamFailed, r["later"].SkipReason);
                Assert.Equal(2L, r["independent"]["result"]);
            },
        },
        new("missing-source-path-fails-with-code", () => new WorkflowBuilder("bad-path")
                .AddNode("source", Constant(new Dictionary<string, object?> { ["score"] = 1L }))
                .AddNode("inc", AddOne())
                .AddConnection("source", "result.scroe", "inc", "value")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.SourcePathNotFound,
            Expect = r => Assert.Contains("Did you mean 'score'", r["inc"].Error!.Message, StringComparison.Ordinal),
        },
        new("run-timeout-cancels-in-flight-and-pending-nodes", () => new WorkflowBuilder("cancel")
                .AddNode("start", Constant(1L))
                .AddNode("hang", new AsyncLambdaNode(async (_, _, token) =>
                {
                    await Task.Delay(Timeout.Infinite, token);
                    return new Dictionary<string, object?>();
                }))
                .AddNode("after", AddOne())
                .AddConnection("start", "result", "hang", "value")
                .AddConnection("hang", "result", "after", "value")
                .Build())
        {
            Configure = o => o.RunTimeout = TimeSpan.FromMilliseconds(100),
            ExpectThrowCode = ErrorCodes.Cancelled,
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Cancelled, r.Status);
                Assert.Equal(1L, r["start"]["result"]);
                Assert.Equal(NodeStatus.Cancelled, r["hang"].Status);
                Assert.Equal(NodeStatus.Cancelled, r["after"].Status);
                Assert.Equal(ErrorCodes.Cancelled, r["hang"].ErrorCode);
            },
        },
        new("throwing-routing-decision-fails-the-dependent-with-code", () => new WorkflowBuilder("bad-router")
                .AddNode("router", new ThrowingRouter())
                .AddNode("after", AddOne())
                .AddConnection("router", "result", "after", "value")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r =>
            {
                Assert.Equal(NodeStatus.Completed, r["router"].Status);
                Assert.Equal(NodeStatus.Failed, r["after"].Status);
                Assert.Contains("failed while deciding whether it runs: router broke", r["after"].Error!.Message, StringComparison.Ordinal);
                Assert.IsType<InvalidOperationException>(r["after"].Error!.InnerException);
            },
        },
        new("throwing-progress-receiver-never-breaks-the-run", () => new WorkflowBuilder("bad-progress")
                .AddNode("start", Constant(1L))
                .AddNode("next", AddOne())
                .AddConnection("start", "result", "next", "value")
                .Build())
        {
            Settings = new RunSettings { Progress = new ThrowingProgress() },
            Expect = r => Assert.Equal(2L, r["next"]["result"]),
        },
        new("wrong-parameter-type-fails-with-code", () => new WorkflowBuilder("bad-param")
                .AddNode("inc", AddOne())
                .Build())
        {
            Parameters = new() { ["value"] = "not a number" },
            ExpectThrowCode = ErrorCodes.CoercionFailed,
        },
    ];

    public static TheoryData<string, RuntimeKind> Cases()
    {
        var data = new TheoryData<string, RuntimeKind>();
        foreach (var scenario in All)
        {
            data.Add(scenario.Name, RuntimeKind.AsyncSequential);
            if (!scenario.SequentialOnly)
            {
                data.Add(scenario.Name, RuntimeKind.AsyncConcurrent);
            }
        }

        return data;
    }

    public static ParityScenario Get(string name) => All.Single(s => s.Name == name);
}
