using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Cycles;

/// <summary>The cycles concern's log events.</summary>
internal static partial class CycleLog
{
    /// <summary>The event id of <see cref="MaxIterationsReached"/>.</summary>
    public const int MaxIterationsReachedId = 4801;

    [LoggerMessage(EventId = MaxIterationsReachedId, EventName = "CycleMaxIterationsReached", Level = LogLevel.Warning,
        Message = "Cycle '{CycleId}' of workflow '{WorkflowId}' (run '{RunId}') reached its limit of max_iterations = {MaxIterations} without converging; downstream nodes get the last iteration's outputs. Raise MaxIterations, fix the exit condition, or set RuntimeOptions.Cycles.FailOnMaxIterations to make this an error.")]
    public static partial void MaxIterationsReached(ILogger logger, string cycleId, string workflowId, string runId, int maxIterations);
}
