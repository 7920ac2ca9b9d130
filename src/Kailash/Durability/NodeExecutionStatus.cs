namespace Kailash.Durability;

/// <summary>The status of one node execution (one node, one iteration) as recorded in a run store.</summary>
public enum NodeExecutionStatus
{
    /// <summary>The node started and has not finished (in flight, or its process died).</summary>
    Running,

    /// <summary>The node asked for input and waits for a response.</summary>
    Waiting,

    /// <summary>The node completed; its outputs are stored.</summary>
    Completed,

    /// <summary>The node failed.</summary>
    Failed,

    /// <summary>The node was skipped.</summary>
    Skipped,

    /// <summary>The node was cancelled.</summary>
    Cancelled,
}
