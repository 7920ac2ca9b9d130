namespace Kailash.Orleans.Grains;

/// <summary>
/// What a client sends to start a run: the workflow as its JSON document and the parameters as JSON
/// (<see cref="Transport.PortableValues"/>). Nothing process-local travels.
/// </summary>
/// <param name="RunId">The run id (the run grain's key).</param>
/// <param name="WorkflowJson">The workflow document (<c>WorkflowSerializer.ToJson</c>).</param>
/// <param name="ParametersJson">The run's parameters as a JSON object, or <see langword="null"/>.</param>
/// <param name="UserJson">The user the run is for as JSON, or <see langword="null"/>.</param>
/// <param name="Events">Whether the run grain keeps the run's events for watchers even without a run store (a stream or an event callback asked for them).</param>
/// <param name="Durability">The run's durability mode (<c>RunSettings.Durability</c>), or <see langword="null"/> for the silos' default.</param>
[GenerateSerializer]
[Immutable]
internal sealed record RunRequest(
    [property: Id(0)] string RunId,
    [property: Id(1)] string WorkflowJson,
    [property: Id(2)] string? ParametersJson,
    [property: Id(3)] string? UserJson,
    [property: Id(4)] bool Events = false,
    [property: Id(5)] Kailash.Durability.DurabilityMode? Durability = null);

/// <summary>What a client sends to resume a stored run on the cluster (<c>ClusterRuntime.ResumeAsync</c>).</summary>
/// <param name="RunId">The run id.</param>
/// <param name="WorkflowJson">The workflow to resume with as its document, or <see langword="null"/> for the stored definition.</param>
/// <param name="AllowDrift">Whether a changed workflow is accepted (<c>ResumeSettings.AllowDrift</c>).</param>
/// <param name="ParametersJson">Parameters laid over the stored ones as a JSON object (secret inputs), or <see langword="null"/>.</param>
/// <param name="UserJson">The user the resumed run is for as JSON, or <see langword="null"/>.</param>
/// <param name="Durability">The resumed run's durability mode, or <see langword="null"/>.</param>
/// <param name="Events">Whether the run grain keeps the resumed run's events for an event callback.</param>
[GenerateSerializer]
[Immutable]
internal sealed record ResumeRequest(
    [property: Id(0)] string RunId,
    [property: Id(1)] string? WorkflowJson,
    [property: Id(2)] bool AllowDrift,
    [property: Id(3)] string? ParametersJson,
    [property: Id(4)] string? UserJson,
    [property: Id(5)] Kailash.Durability.DurabilityMode? Durability,
    [property: Id(6)] bool Events);

/// <summary>A page of a run's events for a watcher, in sequence order without gaps, after the sequence number it asked from.</summary>
/// <param name="EventsJson">The events (<c>RunEventJson.Serialize</c>), possibly none when the wait ran out.</param>
/// <param name="Ended">Whether the run has no events after these (it ended, or was refused).</param>
/// <param name="Refusal">When the run was refused or could not be watched: why (the watcher throws it).</param>
[GenerateSerializer]
[Immutable]
internal sealed record EventBatch(
    [property: Id(0)] IReadOnlyList<string> EventsJson,
    [property: Id(1)] bool Ended,
    [property: Id(2)] RunOutcome? Refusal = null);

/// <summary>A run's outcome as it crosses the cluster: the result document, or the error that refused the run.</summary>
/// <param name="ResultJson">The run's result (<see cref="Transport.PortableResult"/>), or <see langword="null"/> when the run was refused.</param>
/// <param name="Error">Why the run was refused before any node ran, or why its result cannot be returned.</param>
/// <param name="StoppedAtNode">Under <c>ErrorPolicy.Stop</c>, the failed node that stopped the run (the caller throws <c>WorkflowExecutionException</c>).</param>
/// <param name="ValidationErrors">When the run was refused as invalid (a <c>WorkflowValidationException</c>), every problem found.</param>
[GenerateSerializer]
[Immutable]
internal sealed record RunOutcome(
    [property: Id(0)] string? ResultJson,
    [property: Id(1)] PortableError? Error,
    [property: Id(2)] string? StoppedAtNode,
    [property: Id(3)] IReadOnlyList<PortableValidationError>? ValidationErrors = null);

/// <summary>One problem of a refused run, as it crosses the cluster.</summary>
/// <param name="Code">The stable error code.</param>
/// <param name="Message">The message.</param>
/// <param name="NodeId">The node involved, if any.</param>
/// <param name="Port">The port involved, if any.</param>
/// <param name="Location">Where the problem is, as text.</param>
[GenerateSerializer]
[Immutable]
internal sealed record PortableValidationError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? NodeId,
    [property: Id(3)] string? Port,
    [property: Id(4)] string? Location);

/// <summary>An error that crossed the cluster: code, message, node, port and the original exception type's full name.</summary>
/// <param name="Code">The stable error code.</param>
/// <param name="Message">The message, verbatim.</param>
/// <param name="NodeId">The node involved, if any.</param>
/// <param name="Port">The port involved, if any.</param>
/// <param name="TypeName">The original exception type's full name.</param>
[GenerateSerializer]
[Immutable]
internal sealed record PortableError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? NodeId,
    [property: Id(3)] string? Port,
    [property: Id(4)] string TypeName);

/// <summary>One node step sent to an executor grain.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="WorkflowJson">The workflow document (the executor rebuilds the node from it), or <see langword="null"/> when the executor's silo is expected to hold it already under <paramref name="WorkflowKey"/>.</param>
/// <param name="NodeId">The node id.</param>
/// <param name="InputsJson">The bound inputs as a JSON object.</param>
/// <param name="Attempt">The dispatch attempt (the last segment of the executor's key).</param>
/// <param name="UserJson">The user the run is for as JSON, or <see langword="null"/>.</param>
/// <param name="Cycle">The loop state when the node runs inside a cycle.</param>
/// <param name="Coordinator">Who sends the step: one id per run coordination (a run grain activation), so a key started by an earlier coordinator is never taken over.</param>
/// <param name="WorkflowKey">The workflow document's key (its SHA-256): each silo loads a document once and keeps the workflow under it.</param>
[GenerateSerializer]
[Immutable]
internal sealed record StepRequest(
    [property: Id(0)] string RunId,
    [property: Id(1)] string? WorkflowJson,
    [property: Id(2)] string NodeId,
    [property: Id(3)] string InputsJson,
    [property: Id(4)] int Attempt,
    [property: Id(5)] string? UserJson,
    [property: Id(6)] StepCycle? Cycle,
    [property: Id(7)] string Coordinator,
    [property: Id(8)] string WorkflowKey);

/// <summary>The loop state of a step inside a cycle.</summary>
/// <param name="CycleId">The cycle id.</param>
/// <param name="Iteration">The iteration, from 1.</param>
/// <param name="MaxIterations">The cycle's limit.</param>
/// <param name="ElapsedTicks">Time spent in the cycle so far.</param>
/// <param name="PreviousOutputsJson">The node's outputs from its previous iteration as a JSON object, or <see langword="null"/>.</param>
[GenerateSerializer]
[Immutable]
internal sealed record StepCycle(
    [property: Id(0)] string CycleId,
    [property: Id(1)] int Iteration,
    [property: Id(2)] int MaxIterations,
    [property: Id(3)] long ElapsedTicks,
    [property: Id(4)] string? PreviousOutputsJson);

/// <summary>Where a step stands on its executor.</summary>
internal enum StepState
{
    /// <summary>This activation never received the step: it is a fresh activation (the one that ran it was lost).</summary>
    Unknown,

    /// <summary>The node body is running.</summary>
    Running,

    /// <summary>The node body returned; the outputs are in the report.</summary>
    Completed,

    /// <summary>The node body threw; the error is in the report.</summary>
    Failed,

    /// <summary>This silo does not hold the workflow under the request's key: send the step again with the document.</summary>
    NeedsWorkflow,

    /// <summary>Another coordinator of the run (before a recovery) started this key: its result is not the sender's to take.</summary>
    Foreign,
}

/// <summary>An executor's answer to a poll.</summary>
/// <param name="State">Where the step stands.</param>
/// <param name="OutputsJson">The outputs as a JSON object when completed.</param>
/// <param name="Error">The node's error when failed.</param>
/// <param name="Silo">The silo that ran the step (for diagnostics and tests).</param>
[GenerateSerializer]
[Immutable]
internal sealed record StepReport(
    [property: Id(0)] StepState State,
    [property: Id(1)] string? OutputsJson,
    [property: Id(2)] PortableError? Error,
    [property: Id(3)] string? Silo);
