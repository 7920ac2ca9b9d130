namespace Kailash.Runtime.Analytics;

/// <summary>A finished run as retained in memory (bounded ring): its summary and, with full retention, its path.</summary>
internal sealed record RunRecord(
    string RunId,
    string WorkflowId,
    WorkflowRunStatus? Status,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Completed,
    int Failed,
    int Skipped,
    int Cancelled,
    long Attempts,
    IReadOnlyDictionary<string, int> CycleIterations,
    IReadOnlyList<ExecutionPathEntry> Path,
    bool PathTruncated);
