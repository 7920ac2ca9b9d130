namespace Kailash.Runtime.Enterprise;

/// <summary>The state of a circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Calls go through; consecutive failures are counted.</summary>
    Closed,

    /// <summary>Calls are rejected until the break duration has passed.</summary>
    Open,

    /// <summary>The break duration has passed: one probe call at a time is let through; enough successes close the circuit.</summary>
    HalfOpen,
}
