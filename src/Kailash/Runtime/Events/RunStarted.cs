namespace Kailash.Runtime.Events;

/// <summary>The run started.</summary>
public sealed record RunStarted : RunEvent
{
    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the number of nodes in the workflow.</summary>
    public int TotalNodes { get; init; }
}
