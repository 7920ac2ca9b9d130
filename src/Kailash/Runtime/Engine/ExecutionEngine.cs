using System.Runtime.CompilerServices;
using Kailash.Runtime.Cycles;
using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>
/// The only place that walks a workflow graph. Written once, asynchronously; the sync runtime runs it with
/// <c>isSynchronous: true</c> (sequential schedule, every leaf completes in place), the async runtime awaits it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The lifetime source only cancels (no timer); it lives as long as the runtime.")]
internal sealed partial class ExecutionEngine
{
    private readonly ConditionalWeakTable<Workflow, ExecutionPlan> _plans = [];
    private readonly byte[] _runIdSeed = Guid.NewGuid().ToByteArray();
    private readonly CancellationTokenSource _lifetime = new();
    private long _runIdCounter;
    private long _planHits;
    private long _planMisses;

    public ExecutionEngine(RuntimeServices services) => Services = services;

    public RuntimeServices Services { get; }

    /// <summary>Gets the durable runs running in this runtime now, for watchers.</summary>
    public LiveRuns Live { get; } = new();

    public long PlanCacheHits => Interlocked.Read(ref _planHits);

    public long PlanCacheMisses => Interlocked.Read(ref _planMisses);

    public ExecutionPlan GetPlan(Workflow workflow) => GetPlan(workflow, out _);

    public ExecutionPlan GetPlan(Workflow workflow, out bool fromCache)
    {
        fromCache = _plans.TryGetValue(workflow, out var plan);
        if (fromCache)
        {
            Interlocked.Increment(ref _planHits);
            return plan!;
        }

        Interlocked.Increment(ref _planMisses);
        return _plans.GetValue(workflow, BuildPlan);
    }

    public ValueTask<WorkflowRunResult> RunAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool isSynchronous, CancellationToken cancellationToken)
        => StartAsync(workflow, parameters, settings, isSynchronous, null, null, cancellationToken)!;

    /// <summary>
    /// The continuation entry point: runs a workflow from a <see cref="RunState"/> — a paused run's, or one read back by
    /// <see cref="Persistence.RunStateSerializer"/> in another process — instead of from the start. Admission runs again
    /// (access policy, parameters, secrets are per process); finished units are not run again; the run keeps its id.
    /// </summary>
    /// <param name="workflow">The workflow the run started with (its plan must match the state's nodes).</param>
    /// <param name="state">The state to continue from; it is continued in place.</param>
    /// <param name="parameters">The run's parameters (the same ones it started with).</param>
    /// <param name="settings">Per-call settings (its run id is ignored: the state's is kept).</param>
    /// <param name="isSynchronous">Whether the sync runtime drives the run.</param>
    /// <param name="pauseAfterUnit">An optional pause hook: called after every unit; returning <see langword="true"/> pauses the run again.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <returns>The run's result, or <see langword="null"/> when the hook paused it (then <paramref name="state"/> holds where it stopped).</returns>
    public ValueTask<WorkflowRunResult?> ContinueAsync(Workflow workflow, RunState state, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool isSynchronous, Func<RunState, bool>? pauseAfterUnit, CancellationToken cancellationToken)
        => StartAsync(workflow, parameters, settings, isSynchronous, state, pauseAfterUnit, cancellationToken);

    /// <summary>Starts (or continues) a run; returns <see langword="null"/> when the pause hook paused it.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <param name="parameters">The run's parameters.</param>
    /// <param name="settings">Per-call settings.</param>
    /// <param name="isSynchronous">Whether the sync runtime drives the run.</param>
    /// <param name="from">The state to continue from, or <see langword="null"/> to start afresh.</param>
    /// <param name="pauseAfterUnit">An optional pause hook, called after every unit with the run's state.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <returns>The run's result, or <see langword="null"/> when paused.</returns>
    public ValueTask<WorkflowRunResult?> StartAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool isSynchronous, RunState? from, Func<RunState, bool>? pauseAfterUnit, CancellationToken cancellationToken)
    {
        var plan = GetPlan(workflow);
        if (from is null && DurabilityOf(settings?.Durability) != Kailash.Durability.DurabilityMode.Off)
        {
            return StartDurableAsync(plan, parameters, settings, isSynchronous, pauseAfterUnit, cancellationToken);
        }

        return StartAdmitted(plan, parameters, new RunStart(settings, from, pauseAfterUnit, null), isSynchronous, cancellationToken);
    }

    /// <summary>Admits a run (access policy, parameters, secrets) and starts it.</summary>
    private ValueTask<WorkflowRunResult?> StartAdmitted(ExecutionPlan plan, IReadOnlyDictionary<string, object?>? parameters, RunStart start, bool isSynchronous, CancellationToken cancellationToken)
    {
        var settings = start.Settings;
        var user = settings?.UserContext ?? Services.Options.UserContext;
        ValueTask<RunParameters> admission;
        try
        {
            // Pre-run checks (access policy, parameter keys, secrets): a failure surfaces as the same faulted ValueTask on both runtimes.
            admission = Services.Admission.AdmitAsync(plan, parameters, user, isSynchronous, cancellationToken);
        }
        catch (Exception ex) when (ex is KailashException or WorkflowValidationException)
        {
            return ValueTask.FromException<WorkflowRunResult?>(ex);
        }

        if (!admission.IsCompletedSuccessfully)
        {
            return StartAfterAdmissionAsync(plan, admission, user, start, isSynchronous, cancellationToken);
        }

        try
        {
            return Start(plan, admission.Result, user, start, isSynchronous, cancellationToken);
        }
        catch (KailashException ex)
        {
            // A resource-limit rejection surfaces as the same faulted ValueTask on both runtimes.
            return ValueTask.FromException<WorkflowRunResult?>(ex);
        }
    }

    private async ValueTask<WorkflowRunResult?> StartAfterAdmissionAsync(ExecutionPlan plan, ValueTask<RunParameters> admission, Nodes.UserContext? user, RunStart start, bool isSynchronous, CancellationToken cancellationToken)
        => await Start(plan, await admission.ConfigureAwait(false), user, start, isSynchronous, cancellationToken).ConfigureAwait(false);

    private ValueTask<WorkflowRunResult?> Start(ExecutionPlan plan, RunParameters runParameters, Nodes.UserContext? user, RunStart start, bool isSynchronous, CancellationToken cancellationToken)
    {
        var options = Services.Options;
        var settings = start.Settings;
        Services.Enterprise.EnterRun(plan);
        CancellationTokenSource? timeout = null;
        if (options.RunTimeout is { } limit)
        {
            // The deadline runs on its own thread, not a pool timer: it holds while abandoned nodes starve the pool.
            timeout = DeadlineClock.Linked(limit, cancellationToken, _lifetime.Token);
            cancellationToken = timeout.Token;
        }
        else if (cancellationToken.CanBeCanceled)
        {
            timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            cancellationToken = timeout.Token;
        }
        else
        {
            // No token and no deadline: the runtime's own lifetime token (cancelled on disposal) costs nothing per run.
            cancellationToken = _lifetime.Token;
        }

        var state = start.From ?? new RunState(plan, settings?.RunId ?? NewRunId());
        state.Paused = false;
        var run = new RunContext(
            plan,
            Services,
            state,
            isSynchronous,
            runParameters,
            user,
            settings?.Progress,
            cancellationToken)
        {
            PauseAfterUnit = start.PauseAfterUnit,
            Journal = start.Journal,
            Events = CreateEvents(state, settings, start.Journal),
            StepExecutor = settings?.StepExecutor,
        };
        Services.Analytics.OnRunStarted(run);
        if (run.Events is { } events)
        {
            // A durable run starts when its journal is new; otherwise a continued state that has done something resumes.
            if (start.Journal is { } journal ? journal.IsNew : start.From is not { } from || (from.EventSeq == 0 && from.FinishedNodes == 0))
            {
                events.RunStarted(plan);
            }
            else
            {
                events.RunResumed(state.FinishedNodes);
            }
        }

        var scheduler = isSynchronous || options.MaxConcurrency == 1 ? Services.SequentialScheduler : Services.ConcurrentScheduler;
        ValueTask pending;
        try
        {
            pending = scheduler.RunAsync(run);
        }
        catch (Exception ex)
        {
            timeout?.Dispose();
            Abort(run, ex);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            timeout?.Dispose();
            return new(Finish(run));
        }

        return FinishAsync(run, pending, timeout);
    }

    /// <summary>The run's event emitter, when someone listens: the run store (a durable run's journal), the settings' callback and internal sink (a stream).</summary>
    private RunEvents? CreateEvents(RunState state, RunSettings? settings, Durable.RunJournal? journal)
        => settings is null && journal is null ? null : RunEvents.Create(
            state,
            Services.Options.TimeProvider,
            journal,
            journal is null ? null : Live.Open(state.RunId),
            settings?.EventSink,
            settings?.OnEvent is { } callback ? new CallbackEventSink(callback, Services.Logger) : null);

    /// <summary>How a run starts: its settings, the state it continues from, its pause hook, and what records it in a run store.</summary>
    private readonly record struct RunStart(RunSettings? Settings, RunState? From, Func<RunState, bool>? PauseAfterUnit, Durable.RunJournal? Journal);

    /// <summary>
    /// A run id in GUID form: a random seed drawn once per runtime, with a per-runtime counter in its last six bytes.
    /// Unique across runtimes and processes like a GUID, without paying for a fresh random GUID on every run
    /// (<see cref="Guid.NewGuid"/> costs microseconds on some virtual machines).
    /// </summary>
    private string NewRunId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _runIdSeed.CopyTo(bytes);
        var counter = Interlocked.Increment(ref _runIdCounter);
        for (var i = 15; i >= 10; i--)
        {
            bytes[i] ^= (byte)counter;
            counter >>= 8;
        }

        return new Guid(bytes).ToString();
    }

    private async ValueTask<WorkflowRunResult?> FinishAsync(RunContext run, ValueTask pending, CancellationTokenSource? timeout)
    {
        using (timeout)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Abort(run, ex);
                throw;
            }

            return Finish(run);
        }
    }

    /// <summary>Cancels every run in flight (the runtime is being disposed).</summary>
    public void CancelAllRuns() => _lifetime.Cancel();

    /// <summary>Closes what a run opened when the engine itself failed (a scheduler threw): the run slot, the in-flight entry and the span.</summary>
    private void Abort(RunContext run, Exception error)
    {
        try
        {
            run.Events?.RunAborted(run.Secrets is { HasValues: true } secrets ? secrets.MaskError(error) : error);
            Services.Analytics.OnRunAborted(run, error);
        }
        finally
        {
            Services.Enterprise.ExitRun(null);
        }
    }

    /// <summary>Builds a plan and lets the concerns fill its slots; the slots are frozen before any run sees the plan.</summary>
    private ExecutionPlan BuildPlan(Workflow workflow)
    {
        var plan = ExecutionPlanBuilder.Build(workflow);
        Services.Enterprise.Prepare(plan);
        Services.Cycles.Prepare(plan);
        Parameters.ParameterBinder.Prepare(plan, Services.LoggerFor);
        plan.Slots.Freeze();
        return plan;
    }

    private WorkflowRunResult? Finish(RunContext run)
    {
        var state = run.State;
        if (state.Paused && Array.IndexOf(state.CompletedUnits, false) >= 0)
        {
            // Paused before the end: no result yet; the state holds where the run stopped.
            Services.Enterprise.Resources.ExitRun();
            Services.Analytics.OnRunPaused(run);
            return null;
        }


        var nodes = run.Plan.Nodes;
        var results = new NodeResult[nodes.Length];
        var anyFailed = false;
        var anyCancelled = false;
        var inputs = run.Inputs is { Suspended: true } waiting && !state.Stopped ? waiting : null;
        for (var i = 0; i < nodes.Length; i++)
        {
            var result = run.Results[i] ?? (run.IsCancelled
                ? new NodeResult(NodeStatus.Cancelled, null, null, SkipReason.None, 0, TimeSpan.Zero)
                : inputs is not null ? (inputs.Waits(i) ? NodeResult.Waiting : NodeResult.Skipped(SkipReason.RunSuspended))
                : NodeResult.Skipped(state.Stopped ? SkipReason.RunStopped : SkipReason.ConditionalRouting));
            anyFailed |= result.Status == NodeStatus.Failed;
            anyCancelled |= result.Status == NodeStatus.Cancelled;
            results[i] = result;
        }

        // A node waits for input: the run is suspended (not failed, unless a failure stopped it), whatever else happened meanwhile.
        var status = anyCancelled ? WorkflowRunStatus.Cancelled : inputs is not null ? WorkflowRunStatus.Suspended : anyFailed ? WorkflowRunStatus.Failed : WorkflowRunStatus.Completed;
        IReadOnlyDictionary<string, CycleReport>? cycles = state.CycleReportsSnapshot();
        var runResult = new WorkflowRunResult(run.RunId, run.Plan.Workflow.Id, status, new PlanResults(run.Plan, results), run.Elapsed, cycles) { User = run.User, Workflow = run.Plan.Workflow, StoppedOnFailure = Services.Options.ErrorPolicy == ErrorPolicy.Stop, PendingInputs = inputs?.Pending ?? [] };
        Services.Enterprise.ExitRun(runResult);
        run.Events?.RunFinished(runResult);
        Services.Analytics.OnRunFinished(run, runResult);
        return runResult;
    }
}
