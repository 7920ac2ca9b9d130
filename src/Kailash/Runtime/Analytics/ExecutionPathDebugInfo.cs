using Kailash.Runtime.Conditional;

namespace Kailash.Runtime.Analytics;

/// <summary>How one run went through its workflow: the path of node executions (with <see cref="EventRetention.Full"/>) and the settings that shaped it.</summary>
public sealed record ExecutionPathDebugInfo
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the run status, or <see langword="null"/> while the run is in flight.</summary>
    public required WorkflowRunStatus? Status { get; init; }

    /// <summary>Gets the conditional-execution mode of the runtime.</summary>
    public required ConditionalExecutionMode ConditionalExecution { get; init; }

    /// <summary>Gets the retention level the path was recorded with (the path is empty unless it is <see cref="EventRetention.Full"/>).</summary>
    public required EventRetention Retention { get; init; }

    /// <summary>Gets the node executions in the order they finished (cycle members once per iteration).</summary>
    public required IReadOnlyList<ExecutionPathEntry> Path { get; init; }

    /// <summary>Gets a value indicating whether the path was cut at its per-run cap.</summary>
    public required bool PathTruncated { get; init; }

    /// <summary>Gets the cycle iterations per cycle id.</summary>
    public required IReadOnlyDictionary<string, int> CycleIterations { get; init; }
}
