namespace Kailash.Runtime.Engine;

/// <summary>
/// Everything a run has decided so far, owned by the engine and serialisable (<see cref="Persistence.RunStateSerializer"/>):
/// the latest result of every node (with the cycle iteration that produced it), the frontier (which units finished,
/// which edges carry a value, which nodes a switch pruned), the cycle reports, and the step budget used. A fresh
/// engine continues a run from a copy of it (<see cref="ExecutionEngine.ContinueAsync"/>).
/// </summary>
/// <remarks>
/// What is not here is derived or per process: the ready set and pending dependency counts follow from
/// <see cref="CompletedUnits"/>; telemetry, loggers, secrets and cancellation belong to the process running the run.
/// Writers: a node's own result and its outgoing edges are written only by the unit running that node; the frontier
/// only by the scheduler; so no lock is needed.
/// </remarks>
internal sealed class RunState
{
    /// <summary>The version of the serialised form; bumped when a field changes meaning.</summary>
    public const int SchemaVersion = 1;

    private long _steps;
    private int _finished;
    private int _stopped;
    private int _cancelled;
    private SkipMarks? _skipMarks;
    private Dictionary<string, Cycles.CycleReport>? _cycleReports;
    private Exception?[]? _edgeErrors;
    private Dictionary<int, CycleResumePoint>? _cycleResume;

    public RunState(ExecutionPlan plan, string runId)
    {
        RunId = runId;
        WorkflowId = plan.Workflow.Id;
        Results = new NodeResult?[plan.Nodes.Length];
        Iterations = new int[plan.Nodes.Length];
        EdgeLive = new bool[plan.EdgeCount];
        MaskedOutputs = new bool[plan.Nodes.Length];
        CompletedUnits = new bool[plan.Units.Length];
    }

    public string RunId { get; }

    public string WorkflowId { get; }

    /// <summary>Gets the latest recorded result of each node, by plan index (inside a cycle: the latest iteration's).</summary>
    public NodeResult?[] Results { get; }

    /// <summary>Gets the cycle iteration (1-based) that produced each node's latest result; 0 outside cycles.</summary>
    public int[] Iterations { get; }

    /// <summary>Gets, per plan edge (<see cref="InputBinding.EdgeIndex"/>), whether it carries a value: its source completed and the port is active (the route decision).</summary>
    public bool[] EdgeLive { get; }

    /// <summary>Gets, per node, whether its recorded outputs were masked (they held a secret; downstream nodes read the real values, which a state never stores).</summary>
    public bool[] MaskedOutputs { get; }

    /// <summary>Gets which units have finished; the ready set and pending counts of a continued run are derived from it.</summary>
    public bool[] CompletedUnits { get; }

    /// <summary>Gets the switch pruning of a <see cref="Conditional.ConditionalExecutionMode.SkipBranches"/> run, or <see langword="null"/> before the first switch completes.</summary>
    public SkipMarks? SkipMarks => Volatile.Read(ref _skipMarks);

    /// <summary>Gets the reports of the cycles that have finished, or <see langword="null"/> when none has.</summary>
    public IReadOnlyDictionary<string, Cycles.CycleReport>? CycleReports => _cycleReports;

    /// <summary>Gets a value indicating whether a failure under <see cref="ErrorPolicy.Stop"/> stopped the run.</summary>
    public bool Stopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>Gets a value indicating whether the run was cancelled (a node's result is <see cref="NodeStatus.Cancelled"/>): a continued run stays cancelled.</summary>
    public bool Cancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>Gets how many node executions the run has used of its step budget.</summary>
    public long StepsUsed => Interlocked.Read(ref _steps);

    /// <summary>Gets how many nodes have finished so far (a cycle member counts once, when its cycle ends).</summary>
    public int FinishedNodes => Volatile.Read(ref _finished);

    /// <summary>
    /// Gets or sets the sequence number of the run's last event (0 before the first): a continued run numbers its events
    /// on from here. Written only by the run's event emitter (<see cref="RunEvents"/>, under its lock); a run restored
    /// from a store sets it to the store's last event.
    /// </summary>
    public long EventSeq { get; set; }

    /// <summary>Gets or sets a value indicating whether the run was paused (by a pause hook) before it finished.</summary>
    public bool Paused { get; set; }

    /// <summary>Gets the error a source's routing decision threw for an edge, or <see langword="null"/>.</summary>
    public Exception? EdgeError(int edge) => _edgeErrors is { } errors ? Volatile.Read(ref errors[edge]) : null;

    public void SetEdgeError(int edge, Exception error)
    {
        var errors = Volatile.Read(ref _edgeErrors) ?? Interlocked.CompareExchange(ref _edgeErrors, new Exception?[EdgeLive.Length], null) ?? _edgeErrors!;
        Volatile.Write(ref errors[edge], error);
    }

    public void ClearEdgeError(int edge)
    {
        if (_edgeErrors is { } errors)
        {
            Volatile.Write(ref errors[edge], null);
        }
    }

    public void Stop() => Volatile.Write(ref _stopped, 1);

    public void Cancel() => Volatile.Write(ref _cancelled, 1);

    public long TakeStep(bool isSynchronous) => isSynchronous ? ++_steps : Interlocked.Increment(ref _steps);

    public int MarkFinished(bool isSynchronous) => isSynchronous ? ++_finished : Interlocked.Increment(ref _finished);

    /// <summary>Gets the run's skip marks, creating them on first use (thread-safe).</summary>
    public SkipMarks GetOrCreateSkipMarks(ExecutionPlan plan)
    {
        var marks = Volatile.Read(ref _skipMarks);
        if (marks is not null)
        {
            return marks;
        }

        var created = new SkipMarks(plan);
        return Interlocked.CompareExchange(ref _skipMarks, created, null) ?? created;
    }

    /// <summary>Adds a finished cycle's report (cycles may finish concurrently under the async runtime).</summary>
    public void AddCycleReport(Cycles.CycleReport report)
    {
        var reports = Volatile.Read(ref _cycleReports) ?? Interlocked.CompareExchange(ref _cycleReports, new Dictionary<string, Cycles.CycleReport>(StringComparer.Ordinal), null) ?? _cycleReports!;
        lock (reports)
        {
            reports[report.CycleId] = report;
        }
    }

    /// <summary>Sets where an interrupted cycle goes on (a resumed durable run); its unit takes it when it starts.</summary>
    internal void SetCycleResume(int cycleIndex, CycleResumePoint point) => (_cycleResume ??= [])[cycleIndex] = point;

    /// <summary>Takes the resume point of a cycle, if its run was resumed inside it.</summary>
    public CycleResumePoint? TakeCycleResume(int cycleIndex)
    {
        if (Volatile.Read(ref _cycleResume) is not { } points)
        {
            return null;
        }

        lock (points)
        {
            return points.Remove(cycleIndex, out var point) ? point : null;
        }
    }

    /// <summary>Restores the scalar parts of a deserialised state.</summary>
    internal void Restore(long steps, int finished, bool stopped, bool cancelled, SkipMarks? skipMarks, IEnumerable<Cycles.CycleReport> cycleReports)
    {
        _cancelled = cancelled ? 1 : 0;
        _steps = steps;
        _finished = finished;
        _stopped = stopped ? 1 : 0;
        _skipMarks = skipMarks;
        foreach (var report in cycleReports)
        {
            AddCycleReport(report);
        }
    }

    /// <summary>Gets a snapshot of the cycle reports, safe to read while cycles finish.</summary>
    public Dictionary<string, Cycles.CycleReport>? CycleReportsSnapshot()
    {
        if (Volatile.Read(ref _cycleReports) is not { } reports)
        {
            return null;
        }

        lock (reports)
        {
            return new Dictionary<string, Cycles.CycleReport>(reports, StringComparer.Ordinal);
        }
    }
}
