using Kailash.Durability;

namespace Kailash.Tests.Durability;

public sealed class InMemoryRunStoreTests : RunStoreConformance
{
    protected override Task<IRunStore> CreateStoreAsync(RetentionPolicy retention) => Task.FromResult<IRunStore>(new InMemoryRunStore(retention));
}
