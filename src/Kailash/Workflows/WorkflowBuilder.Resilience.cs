using Kailash.Runtime.Enterprise;

namespace Kailash.Workflows;

/// <content>Per-node resilience policies (retry, timeout, circuit breaker, resources), stored as node extensions in the same plain-data form a workflow file uses.</content>
public sealed partial class WorkflowBuilder
{
    /// <summary>The extension key of a node's resources.</summary>
    internal const string ResourcesKey = NodePolicyReader.ResourcesKey;

    /// <summary>Retries a node when it fails (Polly retry; classification rules on <see cref="RetryPolicyOptions"/>).</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <param name="options">The retry policy (copied; validated now).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The node does not exist or the options are invalid (code <c>KWF062</c>).</exception>
    public WorkflowBuilder WithRetry(string nodeId, RetryPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        options.Validate(errors, $"Node '{nodeId}' retry");
        ThrowIfInvalid(errors, nameof(options));
        return SetNodeExtension(nodeId, NodePolicyReader.RetryKey, NodePolicyReader.ToData(options));
    }

    /// <summary>Retries a node with a strategy registered on the runtime (<c>runtime.Enterprise.RegisterRetryStrategy</c>).</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <param name="strategyName">The registered strategy name; an unknown name fails the node with <c>KWF062</c> when it runs.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithRetry(string nodeId, string strategyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(strategyName);
        return SetNodeExtension(nodeId, NodePolicyReader.RetryKey, strategyName);
    }

    /// <summary>Opts a node out of the runtime's default retry policy.</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithoutRetry(string nodeId) => SetNodeExtension(nodeId, NodePolicyReader.RetryKey, false);

    /// <summary>Limits how long a node may run: the whole node (retries included) and/or each attempt. Reaching a limit fails the node with <c>KWF060</c>.</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <param name="timeout">The limit for the whole node, or <see langword="null"/>.</param>
    /// <param name="attemptTimeout">The limit for each attempt, or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No limit is given, or a limit is outside 10 ms to 1 day.</exception>
    public WorkflowBuilder WithTimeout(string nodeId, TimeSpan? timeout, TimeSpan? attemptTimeout = null)
    {
        var options = new NodeTimeoutOptions { Timeout = timeout, AttemptTimeout = attemptTimeout };
        var errors = new List<string>();
        if (timeout is null && attemptTimeout is null)
        {
            errors.Add($"Node '{nodeId}' timeout: give a node timeout, an attempt timeout, or both.");
        }

        options.Validate(errors, $"Node '{nodeId}' timeout");
        ThrowIfInvalid(errors, nameof(timeout));
        return SetNodeExtension(nodeId, NodePolicyReader.TimeoutKey, NodePolicyReader.ToData(options));
    }

    /// <summary>Puts a node behind a circuit breaker (Kailash semantics, see <see cref="CircuitBreakerPolicyOptions"/>).</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <param name="options">The breaker settings (copied; defaults when <see langword="null"/>).</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder WithCircuitBreaker(string nodeId, CircuitBreakerPolicyOptions? options = null)
    {
        options ??= new CircuitBreakerPolicyOptions();
        var errors = new List<string>();
        options.Validate(errors, $"Node '{nodeId}' circuit_breaker");
        ThrowIfInvalid(errors, nameof(options));
        return SetNodeExtension(nodeId, NodePolicyReader.CircuitBreakerKey, NodePolicyReader.ToData(options));
    }

    /// <summary>Declares the named resources a node uses; each attempt takes a permit from every limit of each (see <c>RuntimeOptions.Resources</c>).</summary>
    /// <param name="nodeId">The id of a node already added.</param>
    /// <param name="resourceKeys">The resource keys.</param>
    /// <returns>This builder.</returns>
    public WorkflowBuilder UsesResource(string nodeId, params string[] resourceKeys)
    {
        ArgumentNullException.ThrowIfNull(resourceKeys);
        if (resourceKeys.Length == 0)
        {
            throw new ArgumentException("Give at least one resource key.", nameof(resourceKeys));
        }

        var keys = new List<object?>(resourceKeys.Length);
        foreach (var key in resourceKeys)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(resourceKeys));
            keys.Add(key);
        }

        return SetNodeExtension(nodeId, NodePolicyReader.ResourcesKey, keys);
    }

    private static void ThrowIfInvalid(List<string> errors, string parameter)
    {
        if (errors.Count > 0)
        {
            throw new ArgumentException($"{ErrorCodes.InvalidResiliencePolicy}: {string.Join(" ", errors)}", parameter);
        }
    }

    /// <summary>
    /// Reads a node's resilience extensions the way the runtime will when the node runs, so a file loader or a validator
    /// can report a bad setting before any node runs: the problems found, and the resource keys the node uses.
    /// </summary>
    internal static (IReadOnlyList<string> Problems, IReadOnlyList<string> Resources) ReadPolicy(NodeSpec spec)
        => NodePolicyReader.Read(spec) is { } definition ? (definition.Errors, definition.Resources) : ([], []);

    /// <summary>Tells whether a node extension key holds a resilience setting.</summary>
    internal static bool IsPolicyKey(string key) => NodePolicyReader.IsPolicyKey(key);
}
