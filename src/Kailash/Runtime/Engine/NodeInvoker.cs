using System.Diagnostics;
using Kailash.Nodes;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The fixed per-node pipeline: skip decision (Conditional) → input binding (Parameters) → input contract check
/// (Validation) → invocation under the node's policy (Enterprise) → record the result → events (Analytics).
/// Nothing throws out of it: every outcome becomes a <see cref="NodeResult"/>.
/// </summary>
internal static class NodeInvoker
{
    public static ValueTask<NodeResult> ExecuteAsync(RunContext run, PlanNode node, CycleState? cycle = null)
    {
        if (run.Stopped)
        {
            return new(Record(run, node, NodeResult.Skipped(SkipReason.RunStopped)));
        }

        if (run.CancellationToken.IsCancellationRequested)
        {
            return new(Record(run, node, Cancelled(run)));
        }

        var services = run.Services;
        SkipReason skip;
        try
        {
            skip = services.Conditional.DecideSkip(run, node);
        }
        catch (Exception ex)
        {
            // A routing node's IsOutputActive threw: the node cannot be scheduled, and says why.
            return new(Fail(run, node, Unexpected(node, "deciding whether it runs", ex), 0, TimeSpan.Zero));
        }

        if (skip != SkipReason.None)
        {
            return new(Record(run, node, NodeResult.Skipped(skip)));
        }

        if (!run.TryTakeStep())
        {
            return new(Fail(run, node, new KailashException(
                ErrorCodes.StepBudgetExceeded,
                $"The run exceeded its step budget of {services.Options.MaxSteps} node executions at node '{node.Id}'. Please raise RuntimeOptions.MaxSteps or lower the cycle's MaxIterations.",
                node.Id), 0, TimeSpan.Zero));
        }

        NodeInputs inputs;
        try
        {
            inputs = services.Parameters.Bind(run, node);
            services.Contracts.Check(run, node, inputs);
        }
        catch (KailashException ex)
        {
            return new(Fail(run, node, ex, 0, TimeSpan.Zero));
        }
        catch (Exception ex)
        {
            return new(Fail(run, node, Unexpected(node, "binding its inputs", ex), 0, TimeSpan.Zero));
        }

        var context = new NodeContext(run.RunId, run.Plan.Workflow.Id, node.Id, node.TypeName, run.IsSynchronous, services.Parameters.NodeLogger(run, node), run.User, cycle, run.CancellationToken)
        {
            Permissions = services.Options.Permissions ?? run.Plan.Workflow.Registry.Permissions,
            Services = services.Options.Services,
        };
        var activity = services.Analytics.OnNodeStarting(run, node, inputs);
        var start = Stopwatch.GetTimestamp();
        ValueTask<IReadOnlyDictionary<string, object?>> pending;
        IReadOnlyDictionary<string, object?> outputs;
        try
        {
            pending = activity is null
                ? services.Enterprise.InvokeAsync(node, inputs, context)
                : Analytics.TelemetrySpans.InvokeTraced(activity, services.Enterprise, node, inputs, context);
            if (!pending.IsCompletedSuccessfully)
            {
                return AwaitAsync(run, node, pending, context, start, activity);
            }

            outputs = pending.Result;
        }
        catch (Exception ex)
        {
            return new(Failure(run, node, ex, context.Attempt, Stopwatch.GetElapsedTime(start), activity));
        }

        // Recording happens outside the try: only the node's own failure becomes a failed result, and a node is recorded once.
        return new(Complete(run, node, outputs, context.Attempt, Stopwatch.GetElapsedTime(start), activity));
    }

    private static async ValueTask<NodeResult> AwaitAsync(RunContext run, PlanNode node, ValueTask<IReadOnlyDictionary<string, object?>> pending, NodeContext context, long start, Activity? activity)
    {
        IReadOnlyDictionary<string, object?> outputs;
        try
        {
            outputs = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Failure(run, node, ex, context.Attempt, Stopwatch.GetElapsedTime(start), activity);
        }

        return Complete(run, node, outputs, context.Attempt, Stopwatch.GetElapsedTime(start), activity);
    }

    private static NodeResult Complete(RunContext run, PlanNode node, IReadOnlyDictionary<string, object?>? outputs, int attempts, TimeSpan duration, Activity? activity)
    {
        var result = new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, attempts, duration);

        // Routing decisions read the node's real outputs, before secrets are masked for the record.
        run.Services.Conditional.OnCompleted(run, node, result);
        return Record(run, node, result, activity);
    }

    private static KailashException Unexpected(PlanNode node, string stage, Exception error)
        => new(ErrorCodes.NodeFailed, $"Node '{node.Id}' ({node.TypeName}) failed while {stage}: {error.Message}", node.Id, null, error);

    private static NodeResult Failure(RunContext run, PlanNode node, Exception ex, int attempts, TimeSpan duration, Activity? activity)
    {
        if (ex is OperationCanceledException && run.CancellationToken.IsCancellationRequested)
        {
            return Record(run, node, new NodeResult(NodeStatus.Cancelled, null, ex, SkipReason.None, attempts, duration), activity);
        }

        return Fail(run, node, ex, attempts, duration, activity);
    }

    private static NodeResult Fail(RunContext run, PlanNode node, Exception error, int attempts, TimeSpan duration, Activity? activity = null)
    {
        if (run.Services.Options.ErrorPolicy == ErrorPolicy.Stop)
        {
            run.Stopped = true;
        }

        return Record(run, node, new NodeResult(NodeStatus.Failed, null, error, SkipReason.None, attempts, duration), activity);
    }

    private static NodeResult Cancelled(RunContext run)
        => new(NodeStatus.Cancelled, null, new OperationCanceledException(run.CancellationToken), SkipReason.None, 0, TimeSpan.Zero);

    private static NodeResult Record(RunContext run, PlanNode node, NodeResult result, Activity? activity = null)
    {
        result = Parameters.ParameterBinder.Redact(run, node, result);
        run.Results[node.Index] = result;
        run.Services.Analytics.OnNodeFinished(run, node, result, activity);
        return result;
    }
}
