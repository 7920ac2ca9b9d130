namespace Kailash.Runtime.Events;

/// <summary>A cycle finished one iteration.</summary>
public sealed record CycleIteration : RunEvent
{
    /// <summary>Gets the cycle id.</summary>
    public required string CycleId { get; init; }

    /// <summary>Gets the iteration that finished (1-based).</summary>
    public int Iteration { get; init; }

    /// <summary>Gets the cycle's iteration limit.</summary>
    public int MaxIterations { get; init; }
}
