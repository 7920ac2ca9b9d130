using Kailash.Durability;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.ConditionalAndCycleNodes;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Durable runs in the catalogue: runs recorded in a run store (<c>Sync</c> and <c>Batched</c>) must give the same
/// results and events as unrecorded ones on every runtime. Every catalogue scenario — these included — is also crashed
/// and resumed by <see cref="DurableResumeParityTests"/> and <see cref="DurableRandomWorkflowTests"/>.
/// </summary>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> Durable =
    [
        new("durable-sync-fan-out-then-cycle", () =>
        {
            var builder = new WorkflowBuilder("durable-sync").AddNode("start", Constant(1L)).AddNode("join", Sum("x0", "x1", "x2"));
            for (var i = 0; i < 3; i++)
            {
                builder.AddNode($"w{i}", AddOne()).AddConnection("start", "result", $"w{i}", "value").AddConnection($"w{i}", "result", "join", $"x{i}");
            }

            return builder.AddNode("counter", Counter(), new() { ["limit"] = 4L })
                .AddConnection("join", "result", "counter", "step")
                .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("done == true").MaxIterations(10).Build()
                .Build();
        })
        {
            Configure = o => o.RunStore = new InMemoryRunStore(),
            Expect = r =>
            {
                Assert.Equal(6L, r["join"]["result"]);
                Assert.Equal(6L, r["counter"]["count"]);
                Assert.Equal(1, r.Cycles["loop"].Iterations);
            },
        },
        new("durable-batched-chain", () => new WorkflowBuilder("durable-batched")
                .AddNode("start", Constant(40L))
                .AddNode("a", AddOne())
                .AddNode("b", AddOne())
                .AddConnection("start", "result", "a", "value")
                .AddConnection("a", "result", "b", "value")
                .Build())
        {
            Configure = o =>
            {
                o.RunStore = new InMemoryRunStore();
                o.Durability = DurabilityMode.Batched;
            },
            Expect = r => Assert.Equal(42L, r["b"]["result"]),
        },
    ];
}
