namespace Kailash.Runtime.Cycles;

/// <summary>Why a cycle stopped iterating.</summary>
public enum CycleTermination
{
    /// <summary>The convergence expression became true.</summary>
    Converged,

    /// <summary>The iteration limit was reached without convergence.</summary>
    MaxIterations,

    /// <summary>The cycle's time limit was reached.</summary>
    Timeout,

    /// <summary>A switch inside the cycle routed away from the back edge, so no node fed the next iteration.</summary>
    ConditionFalse,

    /// <summary>A node in the cycle failed or the run was cancelled.</summary>
    Failed,
}
