using Polly;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// A node's resilience policy compiled once per plan: its Polly pipeline, retry rules and metrics counters, or the error that
/// makes its policy invalid. Stored in the plan slot <see cref="NodeExecutionPolicy.Slot"/>; nodes without any policy have none and take the direct path.
/// </summary>
internal sealed class NodePolicy
{
    public NodePolicy(ResiliencePipeline pipeline, RetryRules? retry, RetryMetrics.NodeCounters? counters, NodeTimeoutOptions? timeout, string? strategyName, int version)
    {
        Pipeline = pipeline;
        Retry = retry;
        Counters = counters;
        Timeout = timeout?.Timeout;
        AttemptTimeout = timeout?.AttemptTimeout;
        StrategyName = strategyName;
        Version = version;
    }

    public NodePolicy(string error, string? strategyName, int version)
    {
        Error = error;
        StrategyName = strategyName;
        Version = version;
    }

    public ResiliencePipeline? Pipeline { get; }

    /// <summary>Gets why the node's policy is invalid; the node then fails with <c>KWF062</c> without running.</summary>
    public string? Error { get; }

    public RetryRules? Retry { get; }

    public RetryMetrics.NodeCounters? Counters { get; }

    public TimeSpan? Timeout { get; }

    public TimeSpan? AttemptTimeout { get; }

    /// <summary>Gets the registered retry strategy the node names, if any (the policy is rebuilt when strategies change).</summary>
    public string? StrategyName { get; }

    public int Version { get; }
}
