namespace Kailash.Runtime.Enterprise;

/// <summary>The state of one circuit breaker at a point in time.</summary>
public sealed record CircuitBreakerSnapshot
{
    /// <summary>Gets the circuit key (a shared key, or <c>workflowId/nodeId</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the state; an open circuit whose break duration has passed reports <see cref="CircuitState.HalfOpen"/>.</summary>
    public required CircuitState State { get; init; }

    /// <summary>Gets the current run of consecutive failures (closed state).</summary>
    public required int ConsecutiveFailures { get; init; }

    /// <summary>Gets the successful probes since the circuit became half-open.</summary>
    public required int HalfOpenSuccesses { get; init; }

    /// <summary>Gets when the circuit last opened, or <see langword="null"/> when it never did.</summary>
    public required DateTimeOffset? LastOpenedAt { get; init; }

    /// <summary>Gets how many times the circuit has opened.</summary>
    public required long TimesOpened { get; init; }

    /// <summary>Gets how many calls the open circuit rejected.</summary>
    public required long RejectedCalls { get; init; }

    /// <summary>Gets the settings of the circuit.</summary>
    public required int FailureThreshold { get; init; }

    /// <summary>Gets how many successful probes close the circuit.</summary>
    public required int SuccessThreshold { get; init; }

    /// <summary>Gets how long the circuit stays open before a probe.</summary>
    public required TimeSpan BreakDuration { get; init; }
}
