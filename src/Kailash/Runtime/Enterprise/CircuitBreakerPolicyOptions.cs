namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Kailash's circuit breaker: it opens after <see cref="FailureThreshold"/> consecutive failed attempts of a node (or of every
/// node sharing a <see cref="Key"/>), rejects calls while open, lets one probe call through after <see cref="BreakDuration"/>
/// (half-open), and closes again after <see cref="SuccessThreshold"/> successful probes. A failed probe re-opens it.
/// </summary>
/// <remarks>
/// The breaker's state is shared by every run of one runtime instance. A rejected call fails the node at once with code
/// <c>KWF061</c> (it is not retried). Implemented as a custom Polly v8 strategy, because Polly's own breaker is
/// ratio-over-a-window with a single probe, not Kailash's consecutive-failure breaker.
/// </remarks>
public sealed class CircuitBreakerPolicyOptions
{
    /// <summary>The default of <see cref="FailureThreshold"/>.</summary>
    public const int DefaultFailureThreshold = 5;

    /// <summary>The default of <see cref="SuccessThreshold"/>.</summary>
    public const int DefaultSuccessThreshold = 3;

    /// <summary>Gets or sets how many consecutive failed attempts open the circuit.</summary>
    /// <value>The default value is 5.</value>
    public int FailureThreshold { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultFailureThreshold;

    /// <summary>Gets or sets how long the circuit stays open before a probe call is let through.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan BreakDuration { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many successful probes in a row close the circuit again.</summary>
    /// <value>The default value is 3.</value>
    public int SuccessThreshold { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultSuccessThreshold;

    /// <summary>
    /// Gets or sets the key of the circuit: nodes with the same key share one breaker (for example <c>"database"</c>).
    /// <see langword="null"/> gives the node its own breaker, keyed <c>workflowId/nodeId</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Key { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Creates a copy.</summary>
    /// <returns>The copy.</returns>
    public CircuitBreakerPolicyOptions Clone() => OptionsGuard.Writable((CircuitBreakerPolicyOptions)MemberwiseClone(), static copy => copy.IsReadOnly = false);

    /// <summary>Gets a value indicating whether this object belongs to a runtime's options and is read-only (setting anything throws <c>KWF053</c>).</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Makes this object read-only (used on the runtime's private copy).</summary>
    /// <returns>This object.</returns>
    internal CircuitBreakerPolicyOptions Freeze() => OptionsGuard.Frozen(this, IsReadOnly = true);

    internal void Validate(List<string> errors, string owner)
    {
        if (FailureThreshold < 1)
        {
            errors.Add($"{owner}: FailureThreshold must be at least 1 (was {FailureThreshold}).");
        }

        if (SuccessThreshold < 1)
        {
            errors.Add($"{owner}: SuccessThreshold must be at least 1 (was {SuccessThreshold}).");
        }

        if (BreakDuration <= TimeSpan.Zero || BreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{owner}: BreakDuration must be positive and at most 1 day (was {BreakDuration}).");
        }

        if (Key is not null && string.IsNullOrWhiteSpace(Key))
        {
            errors.Add($"{owner}: Key must not be blank; use null to give the node its own circuit.");
        }
    }
}
