using Kailash.Expressions;
using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// One run of one cycle: iterations of its members in iteration order until a termination rule holds. Keeps only the
/// latest result per member (memory does not grow with iterations). Runs completely synchronously when every member
/// does, and awaits only members that really wait.
/// </summary>
/// <remarks>
/// After each iteration, in this order: no back edge carries a value ⇒ <see cref="CycleTermination.ConditionFalse"/>;
/// the convergence condition holds ⇒ <see cref="CycleTermination.Converged"/> (an evaluation error fails the cycle,
/// <c>KWF047</c>); the iteration limit is reached ⇒ <see cref="CycleTermination.MaxIterations"/> (a warning, or
/// <c>KWF048</c> under <see cref="CycleOptions.FailOnMaxIterations"/>); the time limit is reached ⇒
/// <see cref="CycleTermination.Timeout"/>.
/// </remarks>
internal sealed class CycleExecution
{
    private readonly CycleCoordinator _coordinator;
    private readonly CycleProgram _program;
    private readonly NodeResult?[] _lastCompleted;
    private readonly int[] _lastIteration;
    private readonly long _start;
    private int _position;
    private bool _anyRan;
    private ConvergenceScope? _scope;
    private NodeResult? _resumeWith;

    public CycleExecution(CycleCoordinator coordinator, RunContext run, CycleProgram program)
    {
        _coordinator = coordinator;
        _program = program;
        Run = run;
        Cycle = program.Cycle;
        _lastCompleted = new NodeResult?[Cycle.Members.Length];
        _lastIteration = new int[Cycle.Members.Length];
        _start = coordinator.Time.GetTimestamp();
        Iteration = 1;
        if (run.State.TakeCycleResume(Cycle.Index) is { } point)
        {
            // A resumed durable run that stopped inside this cycle: go on after the last member recorded.
            Iteration = point.Iteration;
            _position = point.Position;
            _anyRan = point.AnyRan;
            point.LastCompleted.CopyTo(_lastCompleted, 0);
            point.LastIteration.CopyTo(_lastIteration, 0);
            _resumeWith = point.LastResult;
        }
    }

    public RunContext Run { get; }

    public CyclePlan Cycle { get; }

    /// <summary>Gets the current iteration (1-based); after an iteration, the number of iterations run.</summary>
    public int Iteration { get; private set; }

    public TimeSpan Elapsed => _coordinator.Time.GetElapsedTime(_start);

    public ValueTask RunAsync()
    {
        if (_program.SyntaxError is { } syntax)
        {
            FailCycle(CycleTermination.Failed, new KailashException(
                ErrorCodes.InvalidExpression,
                $"Cycle '{Cycle.CycleId}': its convergence condition does not parse: {syntax.Message}",
                LastMemberId,
                null,
                syntax));
            return default;
        }

        if (_resumeWith is { } resumed)
        {
            _resumeWith = null;
            if (!Advance(resumed))
            {
                return default;
            }
        }

        while (true)
        {
            var pending = InvokeCurrent();
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(pending);
            }

            if (!Advance(pending.Result))
            {
                return default;
            }
        }
    }

    /// <summary>Gets the outputs a node had after its latest completed run (cycle members: the last iteration in which they ran).</summary>
    public IReadOnlyDictionary<string, object?>? OutputsOf(int planIndex)
    {
        var members = Cycle.Members;
        for (var m = 0; m < members.Length; m++)
        {
            if (members[m] == planIndex)
            {
                return LastOutputs(m);
            }
        }

        return Run.Results[planIndex] is { Status: NodeStatus.Completed } result ? result.Outputs : null;
    }

    public IReadOnlyDictionary<string, object?>? LastOutputs(int memberPosition) => _lastCompleted[memberPosition]?.Outputs;

    private string LastMemberId => Run.Plan.Nodes[Cycle.Members[^1]].Id;

    private async ValueTask ContinueAsync(ValueTask<NodeResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        while (Advance(result))
        {
            var next = InvokeCurrent();
            result = next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false);
        }
    }

    private ValueTask<NodeResult> InvokeCurrent()
        => Run.Services.Steps.ExecuteAsync(Run, Run.Plan.Nodes[Cycle.Members[_position]], CurrentCycleState(_position));

    private CycleState CurrentCycleState(int position)
        => new(Cycle.CycleId, Iteration, Elapsed, _lastCompleted[position]?.Outputs, _program.MaxIterations);

    /// <summary>Takes a member's result; at the end of an iteration applies the termination rules.</summary>
    /// <returns><see langword="true"/> to invoke the next member.</returns>
    private bool Advance(NodeResult result)
    {
        switch (result.Status)
        {
            case NodeStatus.Completed:
                _lastCompleted[_position] = result;
                _lastIteration[_position] = Iteration;
                _anyRan = true;
                break;
            case NodeStatus.Failed:
                FailCycle(CycleTermination.Failed, result.Error!, failedPosition: _position);
                return false;
            case NodeStatus.Cancelled:
                Finish(CycleTermination.Cancelled, _anyRan ? Iteration : Iteration - 1);
                return false;
            case NodeStatus.Skipped when result.SkipReason == SkipReason.RunStopped:
                Finish(CycleTermination.Stopped, _anyRan ? Iteration : Iteration - 1);
                return false;
        }

        if (++_position < Cycle.Members.Length)
        {
            return true;
        }

        if (Iteration == 1 && !_anyRan)
        {
            Finish(CycleTermination.Skipped, 0);
            return false;
        }

        Run.Events?.CycleIteration(Cycle.CycleId, Iteration, _program.MaxIterations);

        if (!AnyBackEdgeLive())
        {
            EndNormally(CycleTermination.ConditionFalse);
            return false;
        }

        if (_program.Convergence is { } convergence)
        {
            bool converged;
            try
            {
                converged = convergence.EvaluateCondition(_scope ??= new ConvergenceScope(this));
            }
            catch (ExpressionEvaluationException ex)
            {
                FailCycle(CycleTermination.Failed, new KailashException(
                    ErrorCodes.ExpressionEvaluationFailed,
                    $"Cycle '{Cycle.CycleId}': its convergence condition '{convergence.Source}' could not be evaluated after iteration {Iteration}: {ex.Detail}. A condition that fails never counts as converged. Please fix the expression.",
                    LastMemberId,
                    null,
                    ex));
                return false;
            }

            if (converged)
            {
                EndNormally(CycleTermination.Converged);
                return false;
            }
        }

        if (Iteration >= _program.MaxIterations)
        {
            if (_program.HasOtherExit && _coordinator.Options.FailOnMaxIterations)
            {
                FailCycle(CycleTermination.MaxIterations, new KailashException(
                    ErrorCodes.CycleDidNotConverge,
                    $"Cycle '{Cycle.CycleId}' reached its limit of {_program.MaxIterations} iterations without converging{(_program.Spec?.ConvergeWhen is { } when ? $" ('{when}' stayed false)" : string.Empty)}. Please raise MaxIterations, fix the exit condition, or turn off RuntimeOptions.Cycles.FailOnMaxIterations.",
                    LastMemberId));
                return false;
            }

            if (_program.HasOtherExit)
            {
                CycleLog.MaxIterationsReached(Run.Services.Logger, Cycle.CycleId, Run.Plan.Workflow.Id, Run.RunId, _program.MaxIterations);
            }

            EndNormally(CycleTermination.MaxIterations);
            return false;
        }

        if (_program.Timeout is { } timeout && Elapsed >= timeout)
        {
            EndNormally(CycleTermination.Timeout);
            return false;
        }

        Iteration++;
        _position = 0;
        _anyRan = false;
        return true;
    }

    private bool AnyBackEdgeLive()
    {
        var state = Run.State;
        foreach (var edge in _program.BackEdges)
        {
            if (state.Results[edge.SourceIndex] is { Status: NodeStatus.Completed } && Liveness.IsLive(state, edge))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends a cycle that stopped by one of its rules: a member skipped in the last iteration keeps the outputs of the last iteration in which it ran.</summary>
    private void EndNormally(CycleTermination termination)
    {
        var members = Cycle.Members;
        for (var m = 0; m < members.Length; m++)
        {
            if (_lastCompleted[m] is { } last && Run.Results[members[m]] is { Status: NodeStatus.Skipped, SkipReason: SkipReason.ConditionalRouting })
            {
                Run.Services.Steps.Reinstate(Run, Run.Plan.Nodes[members[m]], last, _lastIteration[m]);
            }
        }

        Finish(termination, Iteration);
    }

    /// <summary>
    /// Fails the cycle: the failing member (for a cycle-level error, the last member in iteration order) holds the
    /// error; every other member is skipped as <see cref="SkipReason.UpstreamFailed"/>, because in a loop every member
    /// depends on every other and none of their values is final. Downstream nodes are therefore skipped too.
    /// </summary>
    private void FailCycle(CycleTermination termination, Exception error, int failedPosition = -1)
    {
        var members = Cycle.Members;
        if (failedPosition < 0)
        {
            failedPosition = members.Length - 1;
            var attempts = Run.Results[members[failedPosition]]?.Attempts ?? 0;
            Run.Services.Steps.Fail(Run, Run.Plan.Nodes[members[failedPosition]], CurrentCycleState(failedPosition), error, attempts);
        }

        for (var m = 0; m < members.Length; m++)
        {
            if (m != failedPosition)
            {
                Run.Services.Steps.Record(Run, Run.Plan.Nodes[members[m]], NodeResult.Skipped(SkipReason.UpstreamFailed), Iteration);
            }
        }

        Finish(termination, Iteration, error);
    }

    private void Finish(CycleTermination termination, int iterations, Exception? error = null)
    {
        var report = new CycleReport(Cycle.CycleId, iterations, termination, Elapsed) { Error = error };
        Run.Services.Steps.CycleFinished(Run, Cycle, report);
    }
}
