namespace Kailash.Runtime.Enterprise;

/// <summary>What the retry policies of one runtime have done since it started (or since <c>ResetRetryMetrics</c>).</summary>
public sealed record RetryAnalytics
{
    /// <summary>Gets how many node executions ran under a retry policy.</summary>
    public required long Executions { get; init; }

    /// <summary>Gets the attempts those executions made (first attempts included).</summary>
    public required long Attempts { get; init; }

    /// <summary>Gets how many retries were made (attempts after the first).</summary>
    public required long Retries { get; init; }

    /// <summary>Gets the executions that succeeded on the first attempt.</summary>
    public required long SucceededWithoutRetry { get; init; }

    /// <summary>Gets the executions that failed at least once and then succeeded.</summary>
    public required long SucceededAfterRetry { get; init; }

    /// <summary>Gets the executions that failed after using every attempt.</summary>
    public required long Exhausted { get; init; }

    /// <summary>Gets the executions that failed without using every attempt (a non-retriable error, an open circuit, a node timeout).</summary>
    public required long NotRetried { get; init; }

    /// <summary>Gets the share of executions that needed a retry and then succeeded (0 when none needed one).</summary>
    public double RetrySuccessRate => SucceededAfterRetry + Exhausted == 0 ? 0 : (double)SucceededAfterRetry / (SucceededAfterRetry + Exhausted);

    /// <summary>Gets the number of retries by the full name of the exception type that caused them.</summary>
    public required IReadOnlyDictionary<string, long> RetriesByExceptionType { get; init; }

    /// <summary>Gets the statistics of each node, keyed <c>workflowId/nodeId</c>.</summary>
    public required IReadOnlyDictionary<string, NodeRetryStatistics> ByNode { get; init; }
}
