using System.Diagnostics;
using Kailash.Nodes;

namespace Kailash.Runtime.Engine;

/// <summary>
/// One run as the engine hands it to the concerns: the plan, the run's serialisable <see cref="RunState"/>, and what
/// belongs to the process running it (services, parameters and secrets, user, progress, cancellation, typed
/// <see cref="RunSlots"/>). Never shared between runs.
/// </summary>
internal sealed class RunContext
{
    private NodeInputs? _spareInputs;
    private NodeContext? _spareContext;
    private Durable.RunInputs? _inputs;

    public RunContext(ExecutionPlan plan, RuntimeServices services, RunState state, bool isSynchronous, RunParameters parameters, UserContext? user, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        Plan = plan;
        Services = services;
        State = state;
        IsSynchronous = isSynchronous;
        Parameters = parameters;
        User = user;
        Progress = progress;
        CancellationToken = cancellationToken;
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    public ExecutionPlan Plan { get; }

    public RuntimeServices Services { get; }

    /// <summary>Gets the run's serialisable state (results, frontier, cycle reports, steps used).</summary>
    public RunState State { get; }

    public string RunId => State.RunId;

    public bool IsSynchronous { get; }

    public RunParameters Parameters { get; }

    /// <summary>Gets what masks the run's secrets by value, for concerns other than parameters (spans, retry logs).</summary>
    public ISecretMasker? Secrets => Parameters.Secrets;

    public UserContext? User { get; }

    public IProgress<WorkflowProgress>? Progress { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the concerns' per-run data (typed slots; not serialised).</summary>
    public RunSlots Slots { get; } = new();

    /// <summary>Gets or sets the pause hook: called after each unit finishes; returning <see langword="true"/> pauses the run.</summary>
    public Func<RunState, bool>? PauseAfterUnit { get; init; }

    /// <summary>Gets what writes the run to its run store, or <see langword="null"/> when the run is not durable.</summary>
    public Durable.RunJournal? Journal { get; init; }

    /// <summary>Gets the run's human input (requests its nodes made or were answered), or <see langword="null"/> before a node asks.</summary>
    public Durable.RunInputs? Inputs => Volatile.Read(ref _inputs);

    /// <summary>Gets the run's event emitter, or <see langword="null"/> when nobody listens (then no event is built).</summary>
    public RunEvents? Events { get; init; }

    /// <summary>Gets where node bodies run; <see langword="null"/> runs them in place (<see cref="INodeStepExecutor"/>).</summary>
    public INodeStepExecutor? StepExecutor { get; init; }

    /// <summary>Gets the latest result of each node, by plan index (<see cref="RunState.Results"/>).</summary>
    public NodeResult?[] Results => State.Results;

    public long StartTimestamp { get; }

    /// <summary>Gets what every node context of this run shares (run id, user, permissions, services), made once per run.</summary>
    public NodeContext.RunScope NodeScope => field ??= new NodeContext.RunScope(
        RunId,
        Plan.Workflow.Id,
        IsSynchronous,
        User,
        Services.Options.Permissions ?? Plan.Workflow.Registry.Permissions,
        Services.Options.Services,
        this,
        shared: true);

    /// <summary>Takes the inputs object an earlier step of the run left for reuse, or returns <see langword="null"/>.</summary>
    public NodeInputs? TakeSpareInputs() => Interlocked.Exchange(ref _spareInputs, null);

    /// <summary>Takes the node context an earlier step of the run left for reuse, or returns <see langword="null"/>.</summary>
    public NodeContext? TakeSpareContext() => Interlocked.Exchange(ref _spareContext, null);

    /// <summary>
    /// Leaves a finished step's inputs and context for the run's next step to reuse: only for nodes whose contract allows it
    /// (<see cref="Node.ReusesStepObjects"/>) and only once the step completed in place, so nothing can still read them.
    /// </summary>
    public void LeaveSpares(NodeInputs inputs, NodeContext context)
    {
        Volatile.Write(ref _spareInputs, inputs);
        Volatile.Write(ref _spareContext, context);
    }

    /// <summary>Gets a value indicating whether the run is cancelled: by its token, or already before it was continued.</summary>
    public bool IsCancelled => CancellationToken.IsCancellationRequested || State.Cancelled;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartTimestamp);

    /// <summary>Counts one node execution against the step budget.</summary>
    /// <returns><see langword="false"/> when the budget is exhausted.</returns>
    public bool TryTakeStep() => State.TakeStep(IsSynchronous) <= Services.Options.MaxSteps;

    public int MarkFinished() => State.MarkFinished(IsSynchronous);

    /// <summary>Gets how many nodes have finished so far (a cycle member counts once, when its cycle ends).</summary>
    public int FinishedNodes => State.FinishedNodes;

    /// <summary>Gets the run's human input, created on the first request (with the requests a resumed run found in its store).</summary>
    public Durable.RunInputs InputsFor()
        => Volatile.Read(ref _inputs) ?? Interlocked.CompareExchange(ref _inputs, new Durable.RunInputs(Plan, Journal?.Requests), null) ?? _inputs!;

    /// <summary>Whether a unit must not finish because its node, or a node it depends on, waits for input (then neither it nor its dependents run on).</summary>
    public bool Holds(int unit) => Volatile.Read(ref _inputs) is { } inputs && inputs.Holds(Plan, unit);

    /// <summary>Marks a unit finished and asks the pause hook whether to stop here.</summary>
    /// <returns><see langword="true"/> when the run must pause: the scheduler starts no further unit.</returns>
    public bool CompleteUnit(int unit)
    {
        State.CompletedUnits[unit] = true;
        if (PauseAfterUnit is { } pause && !State.Paused && pause(State))
        {
            State.Paused = true;
        }

        return State.Paused;
    }
}
