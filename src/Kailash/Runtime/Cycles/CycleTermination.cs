namespace Kailash.Runtime.Cycles;

/// <summary>Why a cycle stopped iterating.</summary>
public enum CycleTermination
{
    /// <summary>The convergence expression became true.</summary>
    Converged,

    /// <summary>The iteration limit was reached (without convergence, when the cycle has a convergence condition).</summary>
    MaxIterations,

    /// <summary>The cycle's time limit was reached (checked after each iteration).</summary>
    Timeout,

    /// <summary>A switch inside the cycle routed away from the back edges, so no value fed the next iteration.</summary>
    ConditionFalse,

    /// <summary>A node in the cycle failed, or the convergence condition could not be evaluated; <see cref="CycleReport.Error"/> says why.</summary>
    Failed,

    /// <summary>The run was cancelled while the cycle ran.</summary>
    Cancelled,

    /// <summary>The run stopped at a failure elsewhere (<see cref="ErrorPolicy.Stop"/>) while the cycle ran.</summary>
    Stopped,

    /// <summary>Every node of the cycle was skipped in the first iteration (its inputs came from branches not taken or from failed nodes), so it never iterated.</summary>
    Skipped,
}
