using Microsoft.Extensions.Configuration;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Reads secrets from an <see cref="IConfiguration"/> (user secrets, Azure Key Vault, environment, JSON files ...):
/// the secret <c>DB_PASSWORD</c> is read from <c>Secrets:DB_PASSWORD</c>, falling back to the root key <c>DB_PASSWORD</c>.
/// </summary>
public sealed class ConfigurationSecretProvider : ISecretProvider
{
    /// <summary>The default section secrets are read from.</summary>
    public const string DefaultSection = "Secrets";

    private readonly IConfiguration _configuration;

    /// <summary>Initializes a new instance of the <see cref="ConfigurationSecretProvider"/> class.</summary>
    /// <param name="configuration">The configuration to read from.</param>
    /// <param name="section">The section holding secrets; empty to read root keys only.</param>
    public ConfigurationSecretProvider(IConfiguration configuration, string section = DefaultSection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(section);
        _configuration = configuration;
        Section = section;
    }

    /// <summary>Gets the section secrets are read from.</summary>
    public string Section { get; }

    /// <inheritdoc />
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var value = (Section.Length == 0 ? null : _configuration[Section + ConfigurationPath.KeyDelimiter + name]) ?? _configuration[name];
        return new(value);
    }
}
