namespace Kailash.Runtime.Enterprise;

/// <summary>The resilience settings read from one node's extensions, before they are compiled into a pipeline.</summary>
internal sealed class NodePolicyDefinition
{
    public RetryPolicyOptions? Retry { get; set; }

    /// <summary>Gets or sets the name of a registered retry strategy the node uses.</summary>
    public string? RetryStrategy { get; set; }

    /// <summary>Gets or sets a value indicating whether the node opts out of the runtime's default retry policy.</summary>
    public bool RetryDisabled { get; set; }

    public NodeTimeoutOptions? Timeout { get; set; }

    public bool TimeoutDisabled { get; set; }

    public CircuitBreakerPolicyOptions? CircuitBreaker { get; set; }

    public bool CircuitBreakerDisabled { get; set; }

    public IReadOnlyList<string> Resources { get; set; } = [];

    public List<string> Errors { get; } = [];
}
