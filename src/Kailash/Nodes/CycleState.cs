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

    /// <summary>Creates loop state for calling a node directly as if it ran inside a cycle (see <see cref="NodeContext.Create"/>).</summary>
    /// <param name="iteration">The current iteration, starting at 1.</param>
    /// <param name="maxIterations">The cycle's iteration limit.</param>
    /// <param name="previousOutputs">The node's outputs from its last iteration, or <see langword="null"/> before it first ran.</param>
    /// <param name="cycleId">The cycle id.</param>
    /// <param name="elapsed">The time spent in the cycle so far.</param>
    /// <returns>The loop state.</returns>
    public static CycleState Create(int iteration, int maxIterations = 100, IReadOnlyDictionary<string, object?>? previousOutputs = null, string cycleId = "cycle", TimeSpan elapsed = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iteration, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, iteration);
        ArgumentNullException.ThrowIfNull(cycleId);
        return new CycleState(cycleId, iteration, elapsed, previousOutputs, maxIterations);
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
