namespace Kailash.Runtime.Events;

/// <summary>A stored run continued (after a crash, a stop or a response to an input request).</summary>
public sealed record RunResumed : RunEvent
{
    /// <summary>Gets how many node results were restored from the store (these nodes do not run again).</summary>
    public int RestoredNodes { get; init; }
}
