using Kailash.Runtime.Conditional;

namespace Kailash.Cli;

/// <summary>The parsed arguments of <c>kailash run</c>.</summary>
internal sealed record RunRequest(
    FileInfo File,
    string Runtime,
    IReadOnlyList<string> Parameters,
    FileInfo? ParametersFile,
    ConditionalExecutionMode Mode,
    int? MaxConcurrency,
    bool Json,
    bool Quiet)
{
    /// <summary>Gets the plugin, permission and limit settings.</summary>
    public CliSettings Settings { get; init; } = new();
}
