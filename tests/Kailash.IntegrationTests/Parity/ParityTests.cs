namespace Kailash.IntegrationTests.Parity;

/// <summary>Every catalogue scenario: the async runtime must give exactly the sync runtime's result, and the scenario's checks must hold.</summary>
public sealed class ParityTests
{
    [Theory]
    [MemberData(nameof(ParityCatalogue.Cases), MemberType = typeof(ParityCatalogue))]
    public async Task Scenario_GivesIdenticalResults_OnSyncAndAsync(string scenarioName, RuntimeKind asyncKind)
    {
        var scenario = ParityCatalogue.Get(scenarioName);
        var sync = await ParityRunner.RunAsync(scenario, RuntimeKind.Sync);
        var other = await ParityRunner.RunAsync(scenario, asyncKind);

        Assert.Equal(sync.Snapshot, other.Snapshot);
        foreach (var (_, result, thrown) in new[] { sync, other })
        {
            if (scenario.ExpectThrowCode == ErrorCodes.Cancelled)
            {
                Assert.IsType<Kailash.Runtime.WorkflowCancelledException>(thrown);
            }
            else if (scenario.ExpectThrowCode is { } code && thrown is Kailash.Workflows.WorkflowValidationException refused)
            {
                Assert.Equal(code, refused.Code);
                scenario.ExpectRefusal?.Invoke(refused);
            }
            else if (scenario.ExpectThrowCode is { } code2)
            {
                var coded = Assert.IsAssignableFrom<KailashException>(thrown);
                Assert.Equal(code2, coded.Code);
            }
            else
            {
                Assert.Null(thrown);
            }

            if (result is not null)
            {
                scenario.Expect?.Invoke(result);
            }

            if (thrown is KailashException error)
            {
                scenario.ExpectError?.Invoke(error);
            }
        }
    }

    [Fact]
    public async Task Snapshot_ComparesThePerNodeEventSequence()
    {
        var run = await ParityRunner.RunAsync(ParityCatalogue.Get("linear"), RuntimeKind.AsyncConcurrent);

        Assert.Contains("events:\nstart: Completed/None/1\na: Completed/None/1\nb: Completed/None/1\n", run.Snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogue_NamesAreUnique()
        => Assert.Equal(ParityCatalogue.All.Count, ParityCatalogue.All.Select(s => s.Name).Distinct().Count());
}
