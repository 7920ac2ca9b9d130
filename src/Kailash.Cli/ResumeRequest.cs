namespace Kailash.Cli;

/// <summary>The parsed arguments of <c>kailash resume</c> (a record, so new options are one more property).</summary>
internal sealed record ResumeRequest(string RunId, string? Store, bool AllowDrift, FileInfo? Workflow, string Runtime, bool Json, bool Quiet)
{
    /// <summary>Gets the plugin and permission settings the stored workflow is loaded and run with.</summary>
    public CliSettings Settings { get; init; } = new();

    /// <summary>Gets the <c>--input REQUEST=VALUE</c> answers to the run's pending input requests.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];
}
