using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.Tests.TestNodes.Nodes;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class NodePolicyReaderTests
{
    private static NodeSpec Spec(string key, object? value)
        => new WorkflowBuilder("wf").AddNode("n", Constant(1L)).SetNodeExtension("n", key, value).Build().GetNode("n");

    [Fact]
    public void Read_NodeWithoutPolicyKeys_ReturnsNull()
        => Assert.Null(NodePolicyReader.Read(new WorkflowBuilder("wf").AddNode("n", Constant(1L)).Build().GetNode("n")));

    [Fact]
    public void Read_FileShapedRetryMap_ReadsEveryField()
    {
        var definition = NodePolicyReader.Read(Spec("retry", new Dictionary<string, object?>
        {
            ["max_attempts"] = 5L,
            ["backoff"] = "linear",
            ["base_delay_ms"] = 250L,
            ["max_delay_seconds"] = 2.5,
            ["jitter"] = false,
            ["retriable_exceptions"] = new List<object?> { "TimeoutException", "System.IO.IOException" },
            ["non_retriable_patterns"] = new List<object?> { "(?i)forbidden" },
        }))!;

        Assert.Empty(definition.Errors);
        var retry = definition.Retry!;
        Assert.Equal(5, retry.MaxAttempts);
        Assert.Equal(RetryBackoff.Linear, retry.Backoff);
        Assert.Equal(TimeSpan.FromMilliseconds(250), retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(2.5), retry.MaxDelay);
        Assert.False(retry.UseJitter);
        Assert.Equal(["TimeoutException", "System.IO.IOException"], retry.RetriableExceptionTypeNames);
        Assert.Equal(["(?i)forbidden"], retry.NonRetriableMessagePatterns);
    }

    [Fact]
    public void Read_ShortForms_AreUnderstood()
    {
        Assert.Equal(4, NodePolicyReader.Read(Spec("retry", 4L))!.Retry!.MaxAttempts);
        Assert.Equal("db-retry", NodePolicyReader.Read(Spec("retry", "db-retry"))!.RetryStrategy);
        Assert.True(NodePolicyReader.Read(Spec("retry", false))!.RetryDisabled);
        Assert.Equal(TimeSpan.FromSeconds(1.5), NodePolicyReader.Read(Spec("timeout", 1.5))!.Timeout!.Timeout);
        Assert.Equal(CircuitBreakerPolicyOptions.DefaultFailureThreshold, NodePolicyReader.Read(Spec("circuit_breaker", true))!.CircuitBreaker!.FailureThreshold);
        Assert.Equal(["db"], NodePolicyReader.Read(Spec("resources", "db"))!.Resources);
    }

    [Fact]
    public void Read_TimeoutAndBreakerMaps_ReadSecondsAndMilliseconds()
    {
        var timeout = NodePolicyReader.Read(Spec("timeout", new Dictionary<string, object?> { ["timeout_seconds"] = 30L, ["attempt_timeout_ms"] = 500L }))!.Timeout!;
        Assert.Equal(TimeSpan.FromSeconds(30), timeout.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), timeout.AttemptTimeout);

        var breaker = NodePolicyReader.Read(Spec("circuit_breaker", new Dictionary<string, object?>
        {
            ["failure_threshold"] = 2L,
            ["break_duration_seconds"] = 10L,
            ["recovery_threshold"] = 1L,
            ["key"] = "database",
        }))!.CircuitBreaker!;
        Assert.Equal(2, breaker.FailureThreshold);
        Assert.Equal(TimeSpan.FromSeconds(10), breaker.BreakDuration);
        Assert.Equal(1, breaker.SuccessThreshold);
        Assert.Equal("database", breaker.Key);
    }

    [Fact]
    public void Read_UnknownKeyAndBadValues_ListEveryProblemWithSuggestion()
    {
        var definition = NodePolicyReader.Read(Spec("retry", new Dictionary<string, object?>
        {
            ["max_atempts"] = 3L,
            ["backoff"] = "sideways",
            ["jitter"] = "maybe",
        }))!;

        Assert.Equal(3, definition.Errors.Count);
        Assert.Contains(definition.Errors, e => e.Contains("unknown setting 'max_atempts'", StringComparison.Ordinal) && e.Contains("Did you mean 'max_attempts'", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.Contains("'backoff' must be", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.Contains("'jitter' must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OutOfRangeValues_AreReported()
    {
        var definition = NodePolicyReader.Read(Spec("retry", new Dictionary<string, object?> { ["max_attempts"] = 0L }))!;
        Assert.Contains(definition.Errors, e => e.Contains("MaxAttempts must be between 1", StringComparison.Ordinal));

        var timeout = NodePolicyReader.Read(Spec("timeout", new Dictionary<string, object?> { ["timeout_ms"] = 1L }))!;
        Assert.Contains(timeout.Errors, e => e.Contains("between 10 ms and 1 day", StringComparison.Ordinal));
    }

    [Fact]
    public void ToData_RoundTripsThroughTheReader()
    {
        var options = new RetryPolicyOptions
        {
            MaxAttempts = 7,
            Backoff = RetryBackoff.Constant,
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = null,
            UseJitter = false,
            RetriableExceptions = { typeof(TimeoutException) },
            NonRetriableMessagePatterns = { "fatal" },
        };

        var read = NodePolicyReader.Read(Spec("retry", NodePolicyReader.ToData(options)))!;

        Assert.Empty(read.Errors);
        Assert.Equal(7, read.Retry!.MaxAttempts);
        Assert.Equal(RetryBackoff.Constant, read.Retry.Backoff);
        Assert.Equal(TimeSpan.FromMilliseconds(5), read.Retry.BaseDelay);
        Assert.False(read.Retry.UseJitter);
        Assert.Equal(["System.TimeoutException"], read.Retry.RetriableExceptionTypeNames);
        Assert.Equal(["fatal"], read.Retry.NonRetriableMessagePatterns);
    }

    [Fact]
    public void Builder_WithInvalidOptions_ThrowsWithCode()
    {
        var builder = new WorkflowBuilder("wf").AddNode("n", Constant(1L));
        var ex = Assert.Throws<ArgumentException>(() => builder.WithRetry("n", new RetryPolicyOptions { MaxAttempts = 0 }));
        Assert.StartsWith(ErrorCodes.InvalidResiliencePolicy, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.WithTimeout("n", TimeSpan.FromMilliseconds(1)));
        Assert.Throws<ArgumentException>(() => builder.WithRetry("missing", new RetryPolicyOptions()));
    }
}
