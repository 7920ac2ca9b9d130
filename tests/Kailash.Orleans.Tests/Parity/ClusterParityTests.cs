using Kailash.IntegrationTests.Parity;

namespace Kailash.Orleans.Tests.Parity;

/// <summary>
/// Every parity-catalogue scenario that can travel to a cluster (<see cref="PortableCatalogue"/>) gives, on the 3-silo
/// cluster, exactly the result it gives on LocalRuntime: statuses, outputs, error codes, types and messages, skip
/// reasons, attempts and cycle reports.
/// </summary>
[Collection(nameof(SharedCluster))]
public sealed class ClusterParityTests(ClusterFixture fixture)
{
    public static TheoryData<string> PortableScenarios()
    {
        PortableCatalogue.EnsureRegistered();
        var data = new TheoryData<string>();
        foreach (var name in PortableCatalogue.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PortableScenarios))]
    public async Task Scenario_GivesTheLocalResult_OnTheCluster(string scenarioName)
    {
        var scenario = ParityCatalogue.Get(scenarioName);

        var local = await ClusterSnapshot.LocalAsync(scenario.Build(), scenario.Parameters);
        var cluster = PortableCatalogue.WithOriginalTypeNames(await ClusterSnapshot.ClusterAsync(fixture.Runtime, PortableCatalogue.Load(scenarioName), scenario.Parameters));

        Assert.True(local == cluster, $"{scenarioName}: local and cluster differ\n{local}\n---\n{cluster}");
    }

    [Fact]
    public void MostOfTheCatalogue_Travels()
    {
        var travelling = PortableCatalogue.Names.Count;
        var withoutOptions = ParityCatalogue.All.Count(s => s.Configure is null && s.Settings is null);

        Assert.Equal(withoutOptions - PortableCatalogue.ProcessLocal.Count, travelling);
    }
}
