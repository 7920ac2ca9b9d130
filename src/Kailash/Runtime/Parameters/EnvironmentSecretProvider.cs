using System.Globalization;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Reads secrets from environment variables: the secret <c>db-password</c> is read from <c>KAILASH_SECRET_DB_PASSWORD</c>
/// (the prefix plus the name in upper case with <c>-</c> and <c>.</c> turned into <c>_</c>), falling back to
/// <c>DB_PASSWORD</c>.
/// </summary>
public sealed class EnvironmentSecretProvider : ISecretProvider
{
    /// <summary>The default variable prefix.</summary>
    public const string DefaultPrefix = "KAILASH_SECRET_";

    /// <summary>Initializes a new instance of the <see cref="EnvironmentSecretProvider"/> class.</summary>
    /// <param name="prefix">The variable prefix; empty to read the plain names only.</param>
    public EnvironmentSecretProvider(string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
    }

    /// <summary>Gets the variable prefix.</summary>
    public string Prefix { get; }

    /// <summary>Gets the environment variable names tried for a secret, in order.</summary>
    /// <param name="name">The secret name.</param>
    /// <returns>The variable names.</returns>
    public IReadOnlyList<string> VariableNames(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var plain = name.ToUpper(CultureInfo.InvariantCulture).Replace('-', '_').Replace('.', '_');
        return Prefix.Length == 0 ? [plain] : [Prefix + plain, plain];
    }

    /// <inheritdoc />
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var variable in VariableNames(name))
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value)
            {
                return new(value);
            }
        }

        return new((string?)null);
    }
}
