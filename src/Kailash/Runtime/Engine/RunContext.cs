using System.Diagnostics;
using Kailash.Nodes;
using Kailash.Runtime.Cycles;

namespace Kailash.Runtime.Engine;

/// <summary>The state of one run: results so far, bound parameters, cancellation and flags. Never shared between runs.</summary>
internal sealed class RunContext
{
    private long _steps;
    private int _finished;

    public RunContext(ExecutionPlan plan, RuntimeServices services, string runId, bool isSynchronous, RunParameters parameters, UserContext? user, IProgress<WorkflowProgress>? progress, CancellationToken cancellationToken)
    {
        Plan = plan;
        Services = services;
        RunId = runId;
        IsSynchronous = isSynchronous;
        Parameters = parameters;
        User = user;
        Progress = progress;
        CancellationToken = cancellationToken;
        Results = new NodeResult?[plan.Nodes.Length];
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    public ExecutionPlan Plan { get; }

    public RuntimeServices Services { get; }

    public string RunId { get; }

    public bool IsSynchronous { get; }

    public RunParameters Parameters { get; }

    public UserContext? User { get; }

    public IProgress<WorkflowProgress>? Progress { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the latest result of each node, by plan index (inside a cycle: the latest iteration's).</summary>
    public NodeResult?[] Results { get; }

    public long StartTimestamp { get; }

    /// <summary>Gets or sets a value indicating whether a failure under <see cref="ErrorPolicy.Stop"/> stopped the run.</summary>
    public volatile bool Stopped;

    /// <summary>The pruned plan of a <see cref="Conditional.ConditionalExecutionMode.SkipBranches"/> run, created when the first switch completes.</summary>
    public Conditional.BranchPruning? Pruning;

    /// <summary>Gets the cycle reports, created on first use.</summary>
    public Dictionary<string, CycleReport>? CycleReports { get; private set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartTimestamp);

    public void AddCycleReport(CycleReport report)
    {
        lock (this)
        {
            CycleReports ??= new Dictionary<string, CycleReport>(StringComparer.Ordinal);
            CycleReports[report.CycleId] = report;
        }
    }

    /// <summary>Counts one node execution against the step budget.</summary>
    /// <returns><see langword="false"/> when the budget is exhausted.</returns>
    public bool TryTakeStep() => (IsSynchronous ? ++_steps : Interlocked.Increment(ref _steps)) <= Services.Options.MaxSteps;

    public int MarkFinished() => IsSynchronous ? ++_finished : Interlocked.Increment(ref _finished);

    /// <summary>Gets how many nodes have finished so far (a cycle member counts once, when its cycle ends).</summary>
    public int FinishedNodes => Volatile.Read(ref _finished);
}
