namespace Kailash.Orleans.Grains;

/// <summary>
/// Runs one node step (key: <c>{runId}/{nodeId}/{iteration}/{attempt}</c>), placed on any silo (random placement, or the
/// silo a placement hint names) — not a stateless worker, whose activations always live on the caller's silo.
/// </summary>
internal interface INodeExecutorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the step in the background (idempotent for the same coordinator) and waits up to <paramref name="wait"/>
    /// for it to finish, so a short step costs one call.
    /// </summary>
    /// <param name="request">The step.</param>
    /// <param name="wait">How long to wait for the step (a long poll).</param>
    /// <returns>
    /// The step's state: finished, still running (poll it), <see cref="StepState.NeedsWorkflow"/> (send the document),
    /// or <see cref="StepState.Foreign"/> when another coordinator started this key (the sender moves to the next attempt).
    /// </returns>
    Task<StepReport> RunAsync(StepRequest request, TimeSpan wait);

    /// <summary>Waits up to <paramref name="wait"/> for the step to finish.</summary>
    /// <param name="wait">How long to wait (a long poll).</param>
    /// <returns>The step's state; <see cref="StepState.Unknown"/> from a fresh activation that never received it.</returns>
    Task<StepReport> PollAsync(TimeSpan wait);

    /// <summary>Cancels the step's node body (best effort: the run grain no longer waits for it).</summary>
    /// <returns>A task that completes when cancellation was requested.</returns>
    [global::Orleans.Concurrency.AlwaysInterleave]
    Task CancelAsync();
}
