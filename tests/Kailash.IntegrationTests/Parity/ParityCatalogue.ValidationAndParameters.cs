namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for validation and parameter handling (issue 5).</content>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> ValidationAndParameters =
    [
    ];
}
