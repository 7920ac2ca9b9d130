namespace Kailash.Nodes;

/// <summary>What a node inside a cycle knows about the loop it is in.</summary>
public sealed class CycleState
{
    internal CycleState(string cycleId, int iteration, TimeSpan elapsed, IReadOnlyDictionary<string, object?>? previousOutputs, int maxIterations)
    {
        MaxIterations = maxIterations;
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

    /// <summary>Gets this node's outputs from the last iteration in which it ran, or <see langword="null"/> before it first ran.</summary>
    public IReadOnlyDictionary<string, object?>? PreviousOutputs { get; }

    /// <summary>Gets the cycle's iteration limit (its own <c>MaxIterations</c>, or the runtime default).</summary>
    public int MaxIterations { get; }

    /// <summary>Gets a value indicating whether this is the first iteration.</summary>
    public bool IsFirstIteration => Iteration == 1;

    /// <summary>Gets a value indicating whether this is the last iteration the limit allows (the cycle may also end earlier).</summary>
    public bool IsLastIteration => Iteration >= MaxIterations;
}
