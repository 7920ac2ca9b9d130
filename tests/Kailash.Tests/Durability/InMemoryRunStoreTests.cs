using Kailash.Durability;

namespace Kailash.Tests.Durability;

public sealed class InMemoryRunStoreTests : RunStoreConformance
{
    protected override Task<IRunStore> CreateStoreAsync(RetentionPolicy retention) => Task.FromResult<IRunStore>(new InMemoryRunStore(retention));

    [Fact]
    public async Task MaxFinishedRuns_ForgetsTheRunsThatFinishedLongestAgo_NeverARunningOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryRunStore { MaxFinishedRuns = 2 };
        foreach (var id in (string[])["old", "running", "a", "b"])
        {
            await store.CreateRunAsync(new RunRecord { RunId = id, WorkflowId = "wf", Fingerprint = "f", Status = DurableRunStatus.Running }, ct);
        }

        foreach (var (id, status) in (List<(string, DurableRunStatus)>)[("old", DurableRunStatus.Completed), ("a", DurableRunStatus.Failed)])
        {
            Assert.True(await store.UpdateRunAsync(new RunUpdate { RunId = id, Status = status }, ct));
        }

        Assert.NotNull(await store.GetRunAsync("old", ct));
        Assert.True(await store.UpdateRunAsync(new RunUpdate { RunId = "b", Status = DurableRunStatus.Cancelled }, ct));

        Assert.Null(await store.GetRunAsync("old", ct));
        Assert.Equal(["a", "b", "running"], (await store.ListRunsAsync(new RunQuery(), ct)).Select(r => r.RunId).Order());
    }
}
