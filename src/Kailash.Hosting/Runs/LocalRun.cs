namespace Kailash.Hosting.Runs;

/// <summary>
/// What the server holds of a run running in this process beside the run store: the means to cancel it and a task that
/// completes when it has ended (its record, results and events are in the store). Forgotten when the run ends.
/// </summary>
internal sealed class LocalRun : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LocalRun(string runId) => RunId = runId;

    public string RunId { get; }

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Gets a task that completes when the run has ended and its end is stored (never faults).</summary>
    public Task Finished => _finished.Task;

    /// <summary>Gets the exception the run ended with, when it did not end with a result (refused before it started, store gone).</summary>
    public Exception? Error { get; private set; }

    /// <summary>Asks the run to stop; returns <see langword="false"/> when it has already ended.</summary>
    public bool Cancel()
    {
        if (_finished.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            _cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public void End(Exception? error)
    {
        Error = error;
        _finished.TrySetResult();
    }

    public void Dispose() => _cancellation.Dispose();
}
