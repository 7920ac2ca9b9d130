namespace Kailash.Durability;

/// <summary>
/// Opens a run store from a one-line specification, as the CLI and <c>kailash.json</c> write it:
/// <c>sqlite:PATH</c> (the embedded default), <c>postgres:CONNSTRING</c> or <c>memory:</c>.
/// </summary>
public static class RunStoreSpec
{
    /// <summary>Opens the store a specification names (nothing is read or created until first use).</summary>
    /// <param name="spec">The specification.</param>
    /// <returns>The store; the caller disposes it.</returns>
    /// <exception cref="RunStoreException">The specification is malformed (<see cref="ErrorCodes.InvalidStoreSpec"/>).</exception>
    public static IRunStore Open(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var value = colon < 0 ? string.Empty : spec[(colon + 1)..].Trim();
        return kind.Trim().ToUpperInvariant() switch
        {
            "SQLITE" when value.Length > 0 => new SqliteRunStore(value),
            "POSTGRES" or "POSTGRESQL" when value.Length > 0 => new PostgresRunStore(value),
            "MEMORY" => new InMemoryRunStore(),
            _ => throw new RunStoreException(
                ErrorCodes.InvalidStoreSpec,
                $"The run store '{Describe(spec)}' is not understood; use 'sqlite:PATH' (for example sqlite:runs.db), 'postgres:Host=localhost;Database=kailash;Username=me' or 'memory:'."),
        };
    }

    /// <summary>Describes a specification for messages without its password.</summary>
    /// <param name="spec">The specification.</param>
    /// <returns>The specification with any <c>Password=</c> value masked.</returns>
    public static string Describe(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var index = spec.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return spec;
        }

        var end = spec.IndexOf(';', index);
        return string.Concat(spec.AsSpan(0, index + 9), "***", end < 0 ? string.Empty : spec[end..]);
    }
}
