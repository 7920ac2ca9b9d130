namespace Kailash.IntegrationTests.Parity;

/// <summary>The runtimes and schedules every parity scenario runs on.</summary>
public enum RuntimeKind
{
    Sync,
    AsyncSequential,
    AsyncConcurrent,
}
