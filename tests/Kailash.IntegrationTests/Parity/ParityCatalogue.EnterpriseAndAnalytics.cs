namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for enterprise features and analytics (issue 7).</content>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> EnterpriseAndAnalytics =
    [
    ];
}
