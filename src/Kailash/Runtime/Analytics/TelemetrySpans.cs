using System.Diagnostics;
using System.Text.Json;
using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The tracing part of telemetry: run and node spans on <see cref="KailashTelemetry.ActivitySourceName"/>, retry and
/// timeout span events, and what a span may show of a node's values (secrets masked; values only with sensitive data on).
/// Spans start only when someone listens to the source.
/// </summary>
internal static class TelemetrySpans
{
    private const string NotSerializable = "<not serializable>";

    /// <summary>Makes a node's span <see cref="Activity.Current"/> while the node is invoked (so spans the node starts nest under it); returns the caller's current activity, to be restored.</summary>
    public static Activity? Enter(Activity activity)
    {
        var previous = Activity.Current;
        Activity.Current = activity;
        return previous;
    }

    /// <summary>Restores the caller's current activity after a traced invocation.</summary>
    public static void Exit(Activity? previous) => Activity.Current = previous;

    /// <summary>Starts the span of a run without making it current (the run's nodes parent to it explicitly).</summary>
    public static Activity? StartRun(string workflowId, string runId)
    {
        if (!Instrumentation.Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = Instrumentation.Source.StartActivity(KailashTelemetry.RunActivityName, ActivityKind.Internal);
        Activity.Current = previous;
        if (activity is not null)
        {
            activity.DisplayName = "run " + workflowId;
            activity.SetTag(KailashTelemetry.WorkflowIdTag, workflowId);
            activity.SetTag(KailashTelemetry.RunIdTag, runId);
        }

        return activity;
    }

    /// <summary>Starts the span of a node under its run's span; returns <see langword="null"/> when nobody listens.</summary>
    public static Activity? StartNode(RunContext run, RunTelemetryState? state, PlanNode node, NodeInputs inputs, bool sensitive)
    {
        if (!Instrumentation.Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = Instrumentation.Source.StartActivity(KailashTelemetry.NodeActivityName, ActivityKind.Internal, state?.Activity?.Context ?? default);
        Activity.Current = previous;
        if (activity is null)
        {
            return null;
        }

        activity.DisplayName = "node " + node.Id;
        activity.SetTag(KailashTelemetry.WorkflowIdTag, run.Plan.Workflow.Id);
        activity.SetTag(KailashTelemetry.RunIdTag, run.RunId);
        activity.SetTag(KailashTelemetry.NodeIdTag, node.Id);
        activity.SetTag(KailashTelemetry.NodeTypeTag, node.TypeName);
        if (sensitive && activity.IsAllDataRequested)
        {
            activity.SetTag(KailashTelemetry.InputsTag, SerializeInputs(node, inputs, run.Secrets));
        }

        return activity;
    }

    /// <summary>Tags a node span with its result and stops it.</summary>
    public static void FinishNode(Activity activity, NodeResult result, bool sensitive)
    {
        activity.SetTag(KailashTelemetry.StatusTag, result.Status.ToString());
        activity.SetTag(KailashTelemetry.AttemptsTag, result.Attempts);
        if (result.SkipReason != SkipReason.None)
        {
            activity.SetTag(KailashTelemetry.SkipReasonTag, result.SkipReason.ToString());
        }

        if (result.Error is { } error)
        {
            activity.SetTag(KailashTelemetry.ErrorTypeTag, error.GetType().FullName);
            activity.SetTag(KailashTelemetry.ErrorCodeTag, result.ErrorCode);
            if (result.Status == NodeStatus.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }

        if (sensitive && result.Status == NodeStatus.Completed && activity.IsAllDataRequested)
        {
            activity.SetTag(KailashTelemetry.OutputsTag, Serialize(result.Outputs));
        }

        activity.Stop();
    }

    /// <summary>Tags a run span with the run's status and stops it.</summary>
    public static void FinishRun(Activity activity, WorkflowRunStatus status)
    {
        activity.SetTag(KailashTelemetry.StatusTag, status.ToString());
        if (status == WorkflowRunStatus.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, "A node failed.");
        }

        activity.Stop();
    }

    /// <summary>Marks a run span as failed by an engine error and stops it.</summary>
    public static void AbortRun(Activity activity, Exception error)
    {
        activity.SetTag(KailashTelemetry.StatusTag, "Aborted");
        activity.SetTag(KailashTelemetry.ErrorTypeTag, error.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, "The engine failed: " + error.GetType().Name);
        activity.Stop();
    }

    /// <summary>Adds a retry event to the node span that is current, if any.</summary>
    public static void AddRetry(int attempt, Exception? exception, TimeSpan delay)
        => CurrentNodeActivity()?.AddEvent(new ActivityEvent(KailashTelemetry.RetryEventName, tags: new ActivityTagsCollection
        {
            [KailashTelemetry.AttemptsTag] = attempt,
            [KailashTelemetry.ErrorTypeTag] = exception?.GetType().FullName,
            ["kailash.retry.delay_ms"] = delay.TotalMilliseconds,
        }));

    /// <summary>Adds a timeout event to the node span that is current, if any.</summary>
    public static void AddTimeout(TimeSpan timeout, bool perAttempt)
        => CurrentNodeActivity()?.AddEvent(new ActivityEvent(KailashTelemetry.TimeoutEventName, tags: new ActivityTagsCollection
        {
            ["kailash.timeout.ms"] = timeout.TotalMilliseconds,
            ["kailash.timeout.per_attempt"] = perAttempt,
        }));

    private static Activity? CurrentNodeActivity()
        => Activity.Current is { } current && ReferenceEquals(current.Source, Instrumentation.Source) && current.OperationName == KailashTelemetry.NodeActivityName ? current : null;

    /// <summary>The inputs as JSON: declared secret inputs hidden, and every run secret masked by value (undeclared inputs and derived values included).</summary>
    private static string SerializeInputs(PlanNode node, NodeInputs inputs, Engine.ISecretMasker? secrets)
    {
        var visible = new Dictionary<string, object?>(inputs.Count, StringComparer.Ordinal);
        foreach (var pair in inputs)
        {
            visible[pair.Key] = node.ParameterByName.TryGetValue(pair.Key, out var parameter) && parameter.IsSecret ? Engine.ISecretMasker.Mask : secrets is null ? pair.Value : secrets.MaskObject(pair.Value);
        }

        return Serialize(visible);
    }

    private static string Serialize(IReadOnlyDictionary<string, object?> values)
    {
        try
        {
            return JsonSerializer.Serialize(values);
        }
        catch (NotSupportedException)
        {
            return NotSerializable;
        }
        catch (JsonException)
        {
            return NotSerializable;
        }
    }
}
