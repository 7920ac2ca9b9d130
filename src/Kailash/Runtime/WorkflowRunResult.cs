using Kailash.Runtime.Cycles;

namespace Kailash.Runtime;

/// <summary>The outcome of one run: its id, status, per-node results (in plan order), duration and cycle reports.</summary>
public sealed class WorkflowRunResult
{
    private static readonly IReadOnlyDictionary<string, CycleReport> NoCycles = new Dictionary<string, CycleReport>();

    internal WorkflowRunResult(string runId, string workflowId, WorkflowRunStatus status, IReadOnlyDictionary<string, NodeResult> results, TimeSpan duration, IReadOnlyDictionary<string, CycleReport>? cycles)
    {
        RunId = runId;
        WorkflowId = workflowId;
        Status = status;
        Results = results;
        Duration = duration;
        Cycles = cycles ?? NoCycles;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets how the run ended.</summary>
    public WorkflowRunStatus Status { get; }

    /// <summary>Gets every node's result by node id, in execution-plan order. Skipped nodes are present, never silently absent.</summary>
    public IReadOnlyDictionary<string, NodeResult> Results { get; }

    /// <summary>Gets the run's wall-clock duration.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the user the run was for (from <see cref="RunSettings.UserContext"/> or <see cref="RuntimeOptions.UserContext"/>), or <see langword="null"/>.</summary>
    public Nodes.UserContext? User { get; internal init; }

    /// <summary>Gets the workflow that ran (the runtime reads node type names from it when it reports a failure).</summary>
    internal Workflows.Workflow? Workflow { get; init; }

    /// <summary>Gets a value indicating whether the run's error policy was <see cref="ErrorPolicy.Stop"/> (a failure is then thrown).</summary>
    internal bool StoppedOnFailure { get; init; }

    /// <summary>Gets the registered type name of a node of the run.</summary>
    internal string TypeNameOf(string nodeId) => Workflow?.GetNode(nodeId).TypeName ?? string.Empty;

    /// <summary>
    /// Gets the input requests the run waits for when it is <see cref="WorkflowRunStatus.Suspended"/> (empty otherwise):
    /// answer them with <see cref="ResumeSettings.Responses"/> (by <see cref="Durability.InputRequestRecord.RequestId"/> or
    /// <see cref="Durability.InputRequestRecord.Name"/>) or <see cref="BaseRuntime.AnswerInputAsync"/>.
    /// </summary>
    public IReadOnlyList<Durability.InputRequestRecord> PendingInputs { get; internal init; } = [];

    /// <summary>Gets a report per declared cycle that ran, by cycle id.</summary>
    public IReadOnlyDictionary<string, CycleReport> Cycles { get; }

    /// <summary>Gets the result of a node.</summary>
    /// <param name="nodeId">The node id.</param>
    /// <exception cref="KeyNotFoundException">The workflow has no such node.</exception>
    public NodeResult this[string nodeId]
        => Results.TryGetValue(nodeId, out var result)
            ? result
            : throw new KeyNotFoundException($"The run has no node '{nodeId}'.{Internal.Suggestions.DidYouMean(nodeId, Results.Keys)}");

    /// <summary>Deconstructs into Kailash's <c>(results, run_id)</c> shape.</summary>
    /// <param name="results">The per-node results.</param>
    /// <param name="runId">The run id.</param>
    public void Deconstruct(out IReadOnlyDictionary<string, NodeResult> results, out string runId)
    {
        results = Results;
        runId = RunId;
    }
}
