namespace Kailash.Runtime.Parameters;

/// <summary>
/// Supplies secret values (passwords, API keys) by name. Set one as <c>RuntimeOptions.SecretProvider</c>; config values
/// written <c>{"$secret": "NAME"}</c> and the secrets nodes declare are fetched from it when a run starts.
/// </summary>
/// <remarks>
/// Contract: return <see langword="null"/> when the secret does not exist (the runtime then fails the nodes that need it
/// with code <c>KWF033</c>, before they run). The runtime asks for each secret at most once per run, sequentially, and
/// never logs or reports the returned value. Implementations must be thread-safe: one runtime may start many runs at once.
/// </remarks>
public interface ISecretProvider
{
    /// <summary>Gets a secret's value.</summary>
    /// <param name="name">The secret name (for example <c>DB_PASSWORD</c>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The value, or <see langword="null"/> when the secret does not exist.</returns>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken);
}
