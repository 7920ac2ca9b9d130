using Microsoft.Extensions.Logging;

namespace Kailash.Orleans;

/// <summary>The log messages of cluster runs (source-generated).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Kailash step {Key} was lost ({Reason}); sending it again.")]
    public static partial void StepLost(ILogger logger, string key, string reason, Exception? error);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "Kailash run {RunId} failed in the engine.")]
    public static partial void EngineFailed(ILogger logger, string? runId, Exception error);
}
