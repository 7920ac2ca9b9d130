namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for conditional execution and cycles (issue 6).</content>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> ConditionalAndCycles =
    [
    ];
}
