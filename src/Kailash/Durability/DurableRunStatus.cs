namespace Kailash.Durability;

/// <summary>The status of a run as recorded in a run store.</summary>
public enum DurableRunStatus
{
    /// <summary>The run is executing (or its process died; its lease then expires).</summary>
    Running,

    /// <summary>The run waits for input from outside (a person or another system); no process needs to stay alive.</summary>
    Suspended,

    /// <summary>Every node finished.</summary>
    Completed,

    /// <summary>A node failed.</summary>
    Failed,

    /// <summary>The run was cancelled.</summary>
    Cancelled,
}
