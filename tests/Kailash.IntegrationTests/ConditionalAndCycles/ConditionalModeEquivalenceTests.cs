using Kailash.IntegrationTests.Parity;
using Kailash.Runtime.Conditional;

namespace Kailash.IntegrationTests.ConditionalAndCycles;

/// <summary>
/// RouteData and SkipBranches differ only in when a skip is decided, never in the result: every conditional and
/// cycle scenario of the parity catalogue gives the same snapshot in both modes, on both runtimes.
/// </summary>
public sealed class ConditionalModeEquivalenceTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in ParityCatalogue.All)
        {
            if (scenario.Name.StartsWith("cond-", StringComparison.Ordinal) || scenario.Name.StartsWith("cycle-", StringComparison.Ordinal))
            {
                data.Add(scenario.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_GivesTheSameResult_InRouteDataAndSkipBranches(string name)
    {
        var scenario = ParityCatalogue.Get(name);
        var snapshots = new List<string>();
        foreach (var mode in new[] { ConditionalExecutionMode.RouteData, ConditionalExecutionMode.SkipBranches })
        {
            var forced = new ParityScenario(scenario.Name, scenario.Build)
            {
                Parameters = scenario.Parameters,
                Configure = o =>
                {
                    scenario.Configure?.Invoke(o);
                    o.ConditionalExecution = mode;
                },
            };

            snapshots.Add((await ParityRunner.RunAsync(forced, RuntimeKind.Sync)).Snapshot);
            if (!scenario.SequentialOnly)
            {
                snapshots.Add((await ParityRunner.RunAsync(forced, RuntimeKind.AsyncConcurrent)).Snapshot);
            }
        }

        Assert.All(snapshots, s => Assert.Equal(snapshots[0], s));
    }
}
