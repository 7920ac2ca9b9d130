using Kailash.Runtime.Parameters;

namespace Kailash.Samples;

// <snippet:secret-provider>
/// <summary>A secret provider over a dictionary (for tests; use a vault client in production).</summary>
internal sealed class InMemorySecretProvider(IReadOnlyDictionary<string, string> secrets) : ISecretProvider
{
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
        => new(secrets.TryGetValue(name, out var value) ? value : null);   // null: no such secret
}
// </snippet:secret-provider>
