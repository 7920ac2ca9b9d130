namespace Kailash.Cli;

/// <summary>The exit codes of the <c>kailash</c> command (stable: scripts rely on them).</summary>
internal static class ExitCodes
{
    /// <summary>The run completed.</summary>
    public const int Completed = 0;

    /// <summary>The run failed: a node failed.</summary>
    public const int RunFailed = 1;

    /// <summary>The input was invalid: file, parameters or validation.</summary>
    public const int InvalidInput = 2;

    /// <summary>The run suspended: it waits for input and can be finished with <c>kailash resume</c>.</summary>
    public const int Suspended = 3;

    /// <summary>The run was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
