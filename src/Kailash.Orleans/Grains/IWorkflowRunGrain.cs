namespace Kailash.Orleans.Grains;

/// <summary>
/// The one coordinator of a run (key: the run id). It drives the Kailash engine — the same one the local runtimes use —
/// with a step executor that sends every node body to an <see cref="INodeExecutorGrain"/>.
/// </summary>
internal interface IWorkflowRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the run, or does nothing when this run grain already runs the same request.</summary>
    /// <param name="request">The run.</param>
    /// <returns><see langword="null"/> when the run started (or was already running); an outcome holding the error when it was refused.</returns>
    Task<RunOutcome?> StartAsync(RunRequest request);

    /// <summary>Resumes a stored run on the cluster (<c>ClusterRuntime.ResumeAsync</c>); the caller then waits for its outcome.</summary>
    /// <param name="request">The resume.</param>
    /// <returns><see langword="null"/> when the run resumed; an outcome holding the error when it was refused.</returns>
    Task<RunOutcome?> ResumeAsync(ResumeRequest request);

    /// <summary>
    /// Gets the run's events after <paramref name="afterSeq"/> in sequence order without gaps: live from this activation's
    /// run, or from the run store (a long poll of at most <paramref name="wait"/>). A negative <paramref name="afterSeq"/>
    /// asks for this activation's run from its first event (a stream or an event callback of the caller's own run).
    /// </summary>
    /// <param name="afterSeq">The last sequence number the watcher has.</param>
    /// <param name="wait">How long to wait for a new event.</param>
    /// <returns>The next events, whether the run has no more, or why it cannot be watched.</returns>
    Task<EventBatch> EventsAsync(long afterSeq, TimeSpan wait);

    /// <summary>Waits up to <paramref name="wait"/> for the run to finish (a long poll: no call stays open longer).</summary>
    /// <param name="wait">How long to wait.</param>
    /// <returns>The outcome, or <see langword="null"/> when the run is still going.</returns>
    Task<RunOutcome?> WaitAsync(TimeSpan wait);

    /// <summary>
    /// Resumes the run from the run store when no activation runs it (its coordinating silo died): called by the
    /// recovery sweep and by a wait that reaches a fresh activation. Does nothing when this activation runs it.
    /// </summary>
    /// <returns><see langword="true"/> when the run is running here (now or already); <see langword="false"/> when there is nothing to resume.</returns>
    Task<bool> RecoverAsync();

    /// <summary>Cancels the run; its outcome then reports it cancelled.</summary>
    /// <returns>A task that completes when the cancellation was requested.</returns>
    Task CancelAsync();
}
