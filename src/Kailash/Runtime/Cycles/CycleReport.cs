namespace Kailash.Runtime.Cycles;

/// <summary>What one cycle did in a run.</summary>
/// <param name="CycleId">The cycle id.</param>
/// <param name="Iterations">The number of iterations run.</param>
/// <param name="Termination">Why the cycle stopped.</param>
/// <param name="Duration">The time the cycle took.</param>
public sealed record CycleReport(string CycleId, int Iterations, CycleTermination Termination, TimeSpan Duration);
