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
        if (run.Events is { Backlogged: true } events)
        {
            // A stream's consumer is behind: the run waits here for room (it never drops an event).
            if (!run.IsSynchronous)
            {
                return ExecuteAfterDrainAsync(run, node, cycle, events);
            }

            var waiting = events.DrainAsync(run.CancellationToken);
            if (!waiting.IsCompletedSuccessfully)
            {
                waiting.AsTask().GetAwaiter().GetResult();
            }
        }

        return ExecuteRecorded(run, node, cycle);
    }

    private static async ValueTask<NodeResult> ExecuteAfterDrainAsync(RunContext run, PlanNode node, CycleState? cycle, RunEvents events)
    {
        await events.DrainAsync(run.CancellationToken).ConfigureAwait(false);
        return await ExecuteRecorded(run, node, cycle).ConfigureAwait(false);
    }

    /// <summary>Runs the node and, for a durable run, commits its result before its dependents start.</summary>
    private static ValueTask<NodeResult> ExecuteRecorded(RunContext run, PlanNode node, CycleState? cycle)
    {
        var pending = Execute(run, node, cycle);
        return run.Journal is { } journal ? journal.AfterNodeAsync(pending) : pending;
    }

    private static ValueTask<NodeResult> Execute(RunContext run, PlanNode node, CycleState? cycle)
    {
        if (run.State.Stopped)
        {
            return new(Record(run, node, NodeResult.Skipped(SkipReason.RunStopped), cycle));
        }

        if (run.IsCancelled)
        {
            return new(Record(run, node, Cancelled(run), cycle));
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
            return new(Fail(run, node, cycle, Unexpected(node, "deciding whether it runs", ex), 0, TimeSpan.Zero));
        }

        if (skip != SkipReason.None)
        {
            return new(Record(run, node, NodeResult.Skipped(skip), cycle));
        }

        if (!run.TryTakeStep())
        {
            return new(Fail(run, node, cycle, new KailashException(
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
            return new(Fail(run, node, cycle, ex, 0, TimeSpan.Zero));
        }
        catch (Exception ex)
        {
            return new(Fail(run, node, cycle, Unexpected(node, "binding its inputs", ex), 0, TimeSpan.Zero));
        }

        run.Events?.NodeStarted(node, cycle?.Iteration ?? 0, run.Journal?.AttemptOf(node, cycle?.Iteration ?? 0) ?? 1);
        if (run.Journal is { } journal)
        {
            // A durable run records the start (its attempt, and its NodeStarted event) before the body runs: after a crash the node runs again as attempt + 1.
            var started = journal.StartAsync(node, cycle?.Iteration ?? 0);
            if (!started.IsCompletedSuccessfully)
            {
                return InvokeAfterAsync(started, run, node, cycle, inputs);
            }

            started.GetAwaiter().GetResult();
        }

        return Invoke(run, node, cycle, inputs);
    }

    private static async ValueTask<NodeResult> InvokeAfterAsync(ValueTask started, RunContext run, PlanNode node, CycleState? cycle, NodeInputs inputs)
    {
        await started.ConfigureAwait(false);
        return await Invoke(run, node, cycle, inputs).ConfigureAwait(false);
    }

    private static ValueTask<NodeResult> Invoke(RunContext run, PlanNode node, CycleState? cycle, NodeInputs inputs)
    {
        var services = run.Services;
        var logger = Parameters.ParameterBinder.NodeLogger(run, node);
        var context = (node.Node.ReusesStepObjects ? run.TakeSpareContext() : null)?.Reuse(node.Id, node.TypeName, logger, cycle, run.CancellationToken)
            ?? new NodeContext(run.NodeScope, node.Id, node.TypeName, logger, cycle, run.CancellationToken);
        var activity = services.Analytics.OnNodeStarting(run, node, inputs);
        var start = Stopwatch.GetTimestamp();
        ValueTask<IReadOnlyDictionary<string, object?>> pending;
        IReadOnlyDictionary<string, object?> outputs;
        try
        {
            if (activity is null)
            {
                pending = services.Enterprise.InvokeAsync(run.Plan, node, inputs, context);
            }
            else
            {
                var previous = Analytics.TelemetrySpans.Enter(activity);
                try
                {
                    pending = services.Enterprise.InvokeAsync(run.Plan, node, inputs, context);
                }
                finally
                {
                    Analytics.TelemetrySpans.Exit(previous);
                }
            }

            if (!pending.IsCompletedSuccessfully)
            {
                return AwaitAsync(run, node, cycle, pending, context, start, activity);
            }

            outputs = pending.Result;
        }
        catch (Exception ex)
        {
            return new(Failure(run, node, cycle, ex, context.Attempt, Stopwatch.GetElapsedTime(start), activity));
        }

        // Recording happens outside the try: only the node's own failure becomes a failed result, and a node is recorded once.
        var suspended = run.Inputs is { } requests && requests.Waits(node.Index);
        var recorded = Completed(run, node, cycle, outputs, context, start, activity);
        if (node.Node.ReusesStepObjects && !suspended)
        {
            // The step is over, in place: the run's next step of such a node may fill the same inputs and context again.
            run.LeaveSpares(inputs, context);
        }

        return new(recorded);
    }

    /// <summary>A node body returned: its result is recorded, unless it asked for input on the way (then it waits, whatever it returned).</summary>
    private static NodeResult Completed(RunContext run, PlanNode node, CycleState? cycle, IReadOnlyDictionary<string, object?> outputs, NodeContext context, long start, Activity? activity)
    {
        if (run.Inputs is { } inputs && inputs.Waits(node.Index))
        {
            return inputs.Suspend(run, node, activity);
        }

        return Record(run, node, new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, context.Attempt, Stopwatch.GetElapsedTime(start)), cycle, activity);
    }

    private static async ValueTask<NodeResult> AwaitAsync(RunContext run, PlanNode node, CycleState? cycle, ValueTask<IReadOnlyDictionary<string, object?>> pending, NodeContext context, long start, Activity? activity)
    {
        IReadOnlyDictionary<string, object?> outputs;
        try
        {
            outputs = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Failure(run, node, cycle, ex, context.Attempt, Stopwatch.GetElapsedTime(start), activity);
        }

        return Completed(run, node, cycle, outputs, context, start, activity);
    }

    private static KailashException Unexpected(PlanNode node, string stage, Exception error)
        => new(ErrorCodes.NodeFailed, $"Node '{node.Id}' ({node.TypeName}) failed while {stage}: {error.Message}", node.Id, null, error);

    private static NodeResult Failure(RunContext run, PlanNode node, CycleState? cycle, Exception ex, int attempts, TimeSpan duration, Activity? activity)
    {
        if (run.Inputs is { } inputs && inputs.Waits(node.Index))
        {
            // The node asked for input (InputRequestedSignal, or whatever it threw after catching it): it waits, it did not fail.
            return inputs.Suspend(run, node, activity);
        }

        if (ex is OperationCanceledException && run.CancellationToken.IsCancellationRequested)
        {
            return Record(run, node, new NodeResult(NodeStatus.Cancelled, null, ex, SkipReason.None, attempts, duration), cycle, activity);
        }

        return Fail(run, node, cycle, ex, attempts, duration, activity);
    }

    /// <summary>Records a failed result; under <see cref="ErrorPolicy.Stop"/> the run stops (cycle failures come here too).</summary>
    public static NodeResult Fail(RunContext run, PlanNode node, CycleState? cycle, Exception error, int attempts, TimeSpan duration, Activity? activity = null)
    {
        if (run.Services.Options.ErrorPolicy == ErrorPolicy.Stop)
        {
            run.State.Stop();
        }

        return Record(run, node, new NodeResult(NodeStatus.Failed, null, error, SkipReason.None, attempts, duration), cycle, activity);
    }

    private static NodeResult Cancelled(RunContext run)
        => new(NodeStatus.Cancelled, null, new OperationCanceledException(run.CancellationToken), SkipReason.None, 0, TimeSpan.Zero);

    private static NodeResult Record(RunContext run, PlanNode node, NodeResult result, CycleState? cycle, Activity? activity = null)
        => RunRecorder.Record(run, node, result, cycle?.Iteration ?? 0, activity);
}
