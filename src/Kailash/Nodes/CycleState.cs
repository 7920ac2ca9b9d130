namespace Kailash.Nodes;

/// <summary>What a node inside a cycle knows about the loop it is in.</summary>
public sealed class CycleState
{
    internal CycleState(string cycleId, int iteration, TimeSpan elapsed, IReadOnlyDictionary<string, object?>? previousOutputs)
    {
        CycleId = cycleId;
        Iteration = iteration;
        Elapsed = elapsed;
        PreviousOutputs = previousOutputs;
    }

    /// <summary>Gets the cycle id.</summary>
    public string CycleId { get; }

    /// <summary>Gets the current iteration, starting at 1.</summary>
    public int Iteration { get; }

    /// <summary>Gets the time spent in the cycle so far.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets this node's outputs from the previous iteration, or <see langword="null"/> in the first.</summary>
    public IReadOnlyDictionary<string, object?>? PreviousOutputs { get; }

    /// <summary>Gets a value indicating whether this is the first iteration.</summary>
    public bool IsFirstIteration => Iteration == 1;
}
