using Kailash.Runtime;
using Kailash.Runtime.Cycles;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Parallel synchronous nodes (issue 12, <see cref="RuntimeOptions.MaxParallelSyncNodes"/>): with synchronous nodes
/// moved to thread-pool threads, the async runtime must still give exactly the sync runtime's results, for fan-outs,
/// joins, failures, switches and cycles.
/// </summary>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> ParallelSync =
    [
        new("parallel-sync-fan-out-fan-in", () =>
        {
            var builder = new WorkflowBuilder("parallel-fan").AddNode("start", Constant(100L)).AddNode("join", Sum("x0", "x1", "x2", "x3", "x4", "x5"));
            for (var i = 0; i < 6; i++)
            {
                builder.AddNode($"w{i}", AddOne()).AddNode($"v{i}", AddOne())
                    .AddConnection("start", "result", $"w{i}", "value")
                    .AddConnection($"w{i}", "result", $"v{i}", "value")
                    .AddConnection($"v{i}", "result", "join", $"x{i}");
            }

            return builder.Build();
        })
        {
            Configure = o => o.MaxParallelSyncNodes = 4,
            Expect = r => Assert.Equal(612L, r["join"]["result"]),
        },
        new("parallel-sync-mixed-with-async-nodes", () =>
        {
            var builder = new WorkflowBuilder("parallel-mixed").AddNode("start", Constant(1L)).AddNode("join", Sum("x0", "x1", "x2", "x3"));
            for (var i = 0; i < 4; i++)
            {
                builder.AddNode($"w{i}", i % 2 == 0 ? AddOne() : DelayedAddOne(3))
                    .AddConnection("start", "result", $"w{i}", "value")
                    .AddConnection($"w{i}", "result", "join", $"x{i}");
            }

            return builder.Build();
        })
        {
            Configure = o => o.MaxParallelSyncNodes = 2,
            Expect = r => Assert.Equal(8L, r["join"]["result"]),
        },
        new("parallel-sync-failure-continue", () => new WorkflowBuilder("parallel-failure")
                .AddNode("start", Constant(1L))
                .AddNode("ok", AddOne())
                .AddNode("bad", Fail("parallel boom"))
                .AddNode("after-bad", AddOne())
                .AddNode("after-ok", AddOne())
                .AddConnection("start", "result", "ok", "value")
                .AddConnection("start", "result", "bad", "value")
                .AddConnection("bad", "result", "after-bad", "value")
                .AddConnection("ok", "result", "after-ok", "value")
                .Build())
        {
            Configure = o =>
            {
                o.MaxParallelSyncNodes = 8;
                o.ErrorPolicy = ErrorPolicy.Continue;
            },
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Failed, r.Status);
                Assert.Equal(3L, r["after-ok"]["result"]);
                Assert.Equal(NodeStatus.Failed, r["bad"].Status);
                Assert.Equal(SkipReason.UpstreamFailed, r["after-bad"].SkipReason);
            },
        },
        new("parallel-sync-switch-branches", () => Nested(7L))
        {
            Configure = o => o.MaxParallelSyncNodes = 4,
            Expect = r =>
            {
                Assert.Equal(SkipReason.ConditionalRouting, r["high"].SkipReason);
                Assert.Equal(7L, r["join"]["merged_data"]);
            },
        },
        new("parallel-sync-cycle-beside-a-branch", () => new WorkflowBuilder("parallel-cycle")
                .AddNode("seed", Constant(0L))
                .AddNode("side", AddOne())
                .AddNode("inc", ConditionalAndCycleNodes.Increment())
                .AddNode("check", ConditionalAndCycleNodes.Check())
                .AddNode("after", ConditionalAndCycleNodes.Probe())
                .AddConnection("seed", "result", "inc", "value")
                .AddConnection("seed", "result", "side", "value")
                .AddConnection("inc", "value", "check", "value")
                .AddConnection("check", "value", "after", "data")
                .CreateCycle("opt").Connect("check", "inc", ConditionalAndCycleNodes.Map("value", "value")).MaxIterations(20).ConvergeWhen("converged == true").Build()
                .Build())
        {
            Configure = o => o.MaxParallelSyncNodes = 4,
            Expect = r =>
            {
                Assert.Equal(1L, r["side"]["result"]);
                Assert.Equal(CycleTermination.Converged, r.Cycles["opt"].Termination);
            },
        },
    ];
}
