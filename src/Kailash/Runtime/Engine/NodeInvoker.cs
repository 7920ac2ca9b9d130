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
        var skip = services.Conditional.DecideSkip(run, node);
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

        var context = new NodeContext(run.RunId, run.Plan.Workflow.Id, node.Id, node.TypeName, run.IsSynchronous, services.Parameters.NodeLogger(run, node), run.User, cycle, run.CancellationToken);
        var start = Stopwatch.GetTimestamp();
        ValueTask<IReadOnlyDictionary<string, object?>> pending;
        try
        {
            pending = services.Enterprise.InvokeAsync(node, inputs, context);
            if (pending.IsCompletedSuccessfully)
            {
                return new(Complete(run, node, pending.Result, context.Attempt, Stopwatch.GetElapsedTime(start)));
            }
        }
        catch (Exception ex)
        {
            return new(Failure(run, node, ex, context.Attempt, Stopwatch.GetElapsedTime(start)));
        }

        return AwaitAsync(run, node, pending, context, start);
    }

    private static async ValueTask<NodeResult> AwaitAsync(RunContext run, PlanNode node, ValueTask<IReadOnlyDictionary<string, object?>> pending, NodeContext context, long start)
    {
        try
        {
            var outputs = await pending.ConfigureAwait(false);
            return Complete(run, node, outputs, context.Attempt, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception ex)
        {
            return Failure(run, node, ex, context.Attempt, Stopwatch.GetElapsedTime(start));
        }
    }

    private static NodeResult Complete(RunContext run, PlanNode node, IReadOnlyDictionary<string, object?>? outputs, int attempts, TimeSpan duration)
    {
        var result = Record(run, node, new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, attempts, duration));
        run.Services.Conditional.OnCompleted(run, node, result);
        return result;
    }

    private static NodeResult Failure(RunContext run, PlanNode node, Exception ex, int attempts, TimeSpan duration)
    {
        if (ex is OperationCanceledException && run.CancellationToken.IsCancellationRequested)
        {
            return Record(run, node, new NodeResult(NodeStatus.Cancelled, null, ex, SkipReason.None, attempts, duration));
        }

        return Fail(run, node, ex, attempts, duration);
    }

    private static NodeResult Fail(RunContext run, PlanNode node, Exception error, int attempts, TimeSpan duration)
    {
        if (run.Services.Options.ErrorPolicy == ErrorPolicy.Stop)
        {
            run.Stopped = true;
        }

        return Record(run, node, new NodeResult(NodeStatus.Failed, null, error, SkipReason.None, attempts, duration));
    }

    private static NodeResult Cancelled(RunContext run)
        => new(NodeStatus.Cancelled, null, new OperationCanceledException(run.CancellationToken), SkipReason.None, 0, TimeSpan.Zero);

    private static NodeResult Record(RunContext run, PlanNode node, NodeResult result)
    {
        result = Parameters.ParameterBinder.Redact(run, node, result);
        run.Results[node.Index] = result;
        run.Services.Analytics.OnNodeFinished(run, node, result);
        return result;
    }
}
