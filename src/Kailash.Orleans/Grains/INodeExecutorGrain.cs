namespace Kailash.Orleans.Grains;

/// <summary>
/// Runs one node step (key: <c>{runId}/{nodeId}/{iteration}/{attempt}</c>), placed on any silo (random placement, or the
/// silo a placement hint names) — not a stateless worker, whose activations always live on the caller's silo.
/// </summary>
internal interface INodeExecutorGrain : IGrainWithStringKey
{
    /// <summary>Starts the step in the background and returns at once (idempotent for the same coordinator).</summary>
    /// <param name="request">The step.</param>
    /// <returns><see langword="true"/> when the step runs for this request's coordinator; <see langword="false"/> when another coordinator started this key (the sender moves to the next attempt).</returns>
    Task<bool> StartAsync(StepRequest request);

    /// <summary>Waits up to <paramref name="wait"/> for the step to finish.</summary>
    /// <param name="wait">How long to wait (a long poll).</param>
    /// <returns>The step's state; <see cref="StepState.Unknown"/> from a fresh activation that never received it.</returns>
    Task<StepReport> PollAsync(TimeSpan wait);

    /// <summary>Cancels the step's node body (best effort: the run grain no longer waits for it).</summary>
    /// <returns>A task that completes when cancellation was requested.</returns>
    [global::Orleans.Concurrency.AlwaysInterleave]
    Task CancelAsync();
}
