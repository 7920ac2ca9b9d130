namespace Kailash.Durability;

/// <summary>How a run with a run store writes its progress (<see cref="Runtime.RuntimeOptions.Durability"/>, <see cref="Runtime.RunSettings.Durability"/>).</summary>
public enum DurabilityMode
{
    /// <summary>Nothing is written: the run lives and dies with its process (the default without a store).</summary>
    Off,

    /// <summary>
    /// Every node start and result is committed before the run goes on (a node's dependents start only after its result is
    /// durable). The default with a store. After a crash no completed node runs again. When units run one after another
    /// (the sync runtime, <c>MaxConcurrency</c> 1) a node's result is committed in the same transaction as the next
    /// node's start, before that node's body runs, or with the run's end: one transaction per step.
    /// </summary>
    Sync,

    /// <summary>
    /// Write-behind: starts and results are queued and committed together at least every
    /// <see cref="Runtime.RuntimeOptions.DurableFlushInterval"/> and when the run ends, pauses or fails. Much cheaper per node;
    /// after a crash the last few nodes (those whose results were still queued) run again.
    /// </summary>
    Batched,
}
