namespace Kailash.Cli;

/// <summary>
/// The command-line settings shared by <c>run</c>, <c>validate</c>, <c>visualize</c> and <c>nodes</c>: plugins, permissions,
/// an explicit <c>kailash.json</c>, and the run limits (used by <c>run</c> only).
/// </summary>
internal sealed record CliSettings
{
    public IReadOnlyList<string> NodeAssemblies { get; init; } = [];

    public IReadOnlyList<string> AllowedPaths { get; init; } = [];

    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public bool AllowCode { get; init; }

    public string? ConfigFile { get; init; }

    public string? ErrorPolicy { get; init; }

    public long? MaxSteps { get; init; }

    public string? Timeout { get; init; }
}
