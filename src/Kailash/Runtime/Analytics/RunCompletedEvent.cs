namespace Kailash.Runtime.Analytics;

/// <summary>A run finished. Delivered to <c>runtime.Analytics.OnRunCompleted</c> subscribers before <c>Execute</c>/<c>ExecuteAsync</c> returns or throws.</summary>
public sealed class RunCompletedEvent
{
    internal RunCompletedEvent(WorkflowRunResult result, DateTimeOffset timestamp)
    {
        Result = result;
        Timestamp = timestamp;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId => Result.RunId;

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId => Result.WorkflowId;

    /// <summary>Gets how the run ended.</summary>
    public WorkflowRunStatus Status => Result.Status;

    /// <summary>Gets the run's duration.</summary>
    public TimeSpan Duration => Result.Duration;

    /// <summary>Gets the run's full result (what <c>Execute</c> returns).</summary>
    public WorkflowRunResult Result { get; }

    /// <summary>Gets when the run finished (runtime clock).</summary>
    public DateTimeOffset Timestamp { get; }
}
