using Kailash.Runtime.Enterprise;

namespace Kailash.Runtime;

/// <content>Enterprise settings: default resilience policies, named resources and run limits.</content>
public sealed partial class RuntimeOptions
{
    private IDictionary<string, ResourceOptions> _resources = new Dictionary<string, ResourceOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the retry policy of every node that declares none (a node opts out with <c>retry: false</c>).
    /// <see langword="null"/> retries only nodes that declare a policy, and nodes without any policy pay nothing.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public RetryPolicyOptions? DefaultRetryPolicy { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets the timeout of every node that declares none (whole node, retries included).</summary>
    /// <value>The default value is <see langword="null"/> (no timeout).</value>
    public TimeSpan? DefaultNodeTimeout { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets a circuit breaker given to every node that declares none (each node gets its own circuit unless a key is set).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public CircuitBreakerPolicyOptions? DefaultCircuitBreaker { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets the named resources (for example <c>"database"</c>) with their concurrency and rate limits, shared by all runs of
    /// the runtime. Nodes declare the resources they use.
    /// </summary>
    public IDictionary<string, ResourceOptions> Resources { get => _resources; init => _resources = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>The default of <see cref="MaxTrackedNodes"/>.</summary>
    public const int DefaultMaxTrackedNodes = 10_000;

    /// <summary>
    /// Gets or sets the most circuit breakers, and separately the most per-node retry statistics, a runtime keeps. Both
    /// are keyed by workflow id and node id, so a runtime that runs many generated workflows would otherwise keep them
    /// forever; beyond this number the least recently used are dropped (a dropped breaker starts closed again when its
    /// node is planned anew, and a node that is still planned keeps using its breaker).
    /// </summary>
    /// <value>The default value is 10,000.</value>
    public int MaxTrackedNodes { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultMaxTrackedNodes;

    /// <summary>Gets or sets limits checked before each run (concurrent runs, memory).</summary>
    /// <value>The default value is <see langword="null"/> (no limits).</value>
    public ResourceLimits? ResourceLimits { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    partial void CopyEnterprise()
    {
        DefaultRetryPolicy = DefaultRetryPolicy?.Clone().Freeze();
        DefaultCircuitBreaker = DefaultCircuitBreaker?.Clone().Freeze();
        ResourceLimits = ResourceLimits?.Clone().Freeze();
        var resources = new Dictionary<string, ResourceOptions>(Resources.Count, StringComparer.Ordinal);
        foreach (var pair in Resources)
        {
            resources[pair.Key] = pair.Value.Clone().Freeze();
        }

        _resources = new System.Collections.ObjectModel.ReadOnlyDictionary<string, ResourceOptions>(resources);
    }

    partial void ValidateEnterprise(List<string> errors)
    {
        DefaultRetryPolicy?.Validate(errors, nameof(DefaultRetryPolicy));
        DefaultCircuitBreaker?.Validate(errors, nameof(DefaultCircuitBreaker));
        NodeTimeoutOptions.Check(errors, "RuntimeOptions", nameof(DefaultNodeTimeout), DefaultNodeTimeout);
        ResourceLimits?.Validate(errors);
        if (MaxTrackedNodes is < 1 or > 10_000_000)
        {
            errors.Add($"MaxTrackedNodes must be between 1 and 10,000,000 (was {MaxTrackedNodes}).");
        }

        if (Resources is null)
        {
            errors.Add("Resources must not be null; leave it empty for no named resources.");
            return;
        }

        foreach (var pair in Resources)
        {
            if (string.IsNullOrWhiteSpace(pair.Key))
            {
                errors.Add("Resources: a resource key must not be blank.");
            }

            if (pair.Value is null)
            {
                errors.Add($"Resources['{pair.Key}'] must not be null.");
                continue;
            }

            pair.Value.Validate(errors, $"Resources['{pair.Key}']");
        }
    }
}
