using Kailash.Durability;
using Kailash.Testing;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Property: a random DAG (routing, failing and async nodes) whose run store dies at a random commit, resumed on a fresh
/// runtime from what the store kept, gives the uninterrupted result, on both runtimes. Seeded, so a failure names a
/// reproducible workflow and crash point.
/// </summary>
public sealed class DurableRandomWorkflowTests
{
    public static TheoryData<int, RuntimeKind> Batches()
    {
        var data = new TheoryData<int, RuntimeKind>();
        for (var batch = 0; batch < 8; batch++)
        {
            data.Add(batch, RuntimeKind.Sync);
            data.Add(batch, RuntimeKind.AsyncConcurrent);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public async Task RandomWorkflows_CrashedAtARandomCommit_ResumeToTheUninterruptedResult(int batch, RuntimeKind kind)
    {
        for (var seed = batch * 15; seed < (batch + 1) * 15; seed++)
        {
            var scenario = RandomWorkflowGenerator.Scenario(seed);
            var expected = await DurableResumeParityTests.OutcomeAsync(scenario, kind, null, null);
            var counting = new CrashingRunStore(new InMemoryRunStore(), int.MaxValue);
            await DurableResumeParityTests.OutcomeAsync(scenario, kind, counting, null);
            if (counting.Committed < 2)
            {
                continue;
            }

            var crashAfter = new Random(seed).Next(1, counting.Committed);
            var store = new InMemoryRunStore();
            var crashing = new CrashingRunStore(store, crashAfter);
            var crashed = await DurableResumeParityTests.OutcomeAsync(scenario, kind, crashing, null);
            var resumed = crashing.Crashed ? await DurableResumeParityTests.OutcomeAsync(scenario, kind, store, DurableResumeParityTests.RunId) : crashed;

            Assert.True(expected.Snapshot == resumed.Snapshot, $"seed {seed}, crash after commit {crashAfter}: the resumed run differs\n{expected.Snapshot}\n---\n{resumed.Snapshot}");
        }
    }
}
