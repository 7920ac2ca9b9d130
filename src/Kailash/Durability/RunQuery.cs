namespace Kailash.Durability;

/// <summary>Which runs to list: newest first, optionally filtered.</summary>
public sealed record RunQuery
{
    /// <summary>Gets the status to filter by, or <see langword="null"/> for all.</summary>
    public DurableRunStatus? Status { get; init; }

    /// <summary>Gets the workflow id to filter by, or <see langword="null"/> for all.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>Gets the maximum number of runs returned (default 100).</summary>
    public int Limit { get; init; } = 100;
}
