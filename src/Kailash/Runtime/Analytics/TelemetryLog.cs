using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Analytics;

/// <summary>The runtime's analytics and resilience log messages (source-generated).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "An {EventKind} handler threw for run '{RunId}'; the run is not affected.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string eventKind, string runId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Node '{NodeId}' of workflow '{WorkflowId}' failed attempt {Attempt} and will be retried in {Delay}.")]
    public static partial void Retrying(ILogger logger, Exception? exception, string nodeId, string workflowId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Circuit '{Key}' is now {State}.")]
    public static partial void CircuitChanged(ILogger logger, string key, Enterprise.CircuitState state);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Node '{NodeId}' of workflow '{WorkflowId}' timed out after {Timeout} (per attempt: {PerAttempt}).")]
    public static partial void TimedOut(ILogger logger, string nodeId, string workflowId, TimeSpan timeout, bool perAttempt);
}
