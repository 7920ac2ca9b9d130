namespace Kailash.Runtime.Cycles;

/// <summary>What one cycle did in a run.</summary>
/// <param name="CycleId">The cycle id.</param>
/// <param name="Iterations">The number of iterations in which the cycle's nodes ran (0 when the cycle was skipped; a cancelled or stopped iteration counts only if a node in it had completed).</param>
/// <param name="Termination">Why the cycle stopped.</param>
/// <param name="Duration">The time the cycle took, measured with <see cref="RuntimeOptions.TimeProvider"/>.</param>
public sealed record CycleReport(string CycleId, int Iterations, CycleTermination Termination, TimeSpan Duration)
{
    /// <summary>Gets the error that failed the cycle (a node's error, <c>KWF047</c> or <c>KWF048</c>), or <see langword="null"/>.</summary>
    public Exception? Error { get; init; }

    /// <summary>Gets a value indicating whether the cycle ended by converging.</summary>
    public bool Converged => Termination == CycleTermination.Converged;
}
