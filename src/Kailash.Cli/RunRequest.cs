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

    /// <summary>Gets the run store to record the run in (<c>--store</c>); else <c>KAILASH_STORE</c>, else <c>store</c> in kailash.json, else none.</summary>
    public string? Store { get; init; }

    /// <summary>Gets the run id to use (<c>--run-id</c>); by default a new one.</summary>
    public string? RunId { get; init; }

    /// <summary>Gets a value indicating whether events stream to stdout as JSON lines (<c>--output jsonl</c>; then <see cref="Json"/> is set too, and the result is the last line).</summary>
    public bool Jsonl { get; init; }
}
