namespace Kailash.Runtime.Enterprise;

/// <summary>What one run did (in flight or retained). Needs analytics enabled; finished runs need a retention other than <c>None</c>.</summary>
public sealed record RunExecutionMetrics
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets how the run ended, or <see langword="null"/> while it is in flight.</summary>
    public required WorkflowRunStatus? Status { get; init; }

    /// <summary>Gets when the run started (runtime clock).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the run's duration (so far, while in flight).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Gets the node executions that completed (cycle members count once per iteration).</summary>
    public required int NodesCompleted { get; init; }

    /// <summary>Gets the node executions that failed.</summary>
    public required int NodesFailed { get; init; }

    /// <summary>Gets the nodes skipped.</summary>
    public required int NodesSkipped { get; init; }

    /// <summary>Gets the nodes cancelled.</summary>
    public required int NodesCancelled { get; init; }

    /// <summary>Gets the attempts made by all nodes (more than the executions when retries happened).</summary>
    public required long Attempts { get; init; }

    /// <summary>Gets the iterations per cycle id.</summary>
    public required IReadOnlyDictionary<string, int> CycleIterations { get; init; }
}
