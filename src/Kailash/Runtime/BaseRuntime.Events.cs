using System.Runtime.CompilerServices;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Events;
using Kailash.Workflows;

namespace Kailash.Runtime;

/// <summary>Run events as a sequence: the one implementation behind <c>AsyncLocalRuntime.StreamAsync</c> and <c>LocalRuntime.Stream</c>.</summary>
public abstract partial class BaseRuntime
{
    /// <summary>
    /// Runs a workflow and yields its events as they happen, through a bounded buffer
    /// (<see cref="RunSettings.EventBufferSize"/>): when the consumer falls behind, the run waits before its next node;
    /// no event is dropped. The sequence ends after the run's last event (<see cref="RunCompleted"/>,
    /// <see cref="RunFailed"/> or <see cref="RunCancelled"/>: a failed run is an event, not an exception). A run refused
    /// before it started (access policy, unknown parameters, missing secrets) throws its coded exception from the first
    /// <c>MoveNextAsync</c>. Leaving the loop early, or cancelling <paramref name="cancellationToken"/>, cancels the run
    /// and waits for it to end.
    /// </summary>
    private protected async IAsyncEnumerable<RunEvent> StreamRun(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, bool isSynchronous, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var sink = new ChannelEventSink(settings?.EventBufferSize ?? RunSettings.DefaultEventBufferSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var streamed = (settings ?? new RunSettings()).WithSink(sink);
        var run = isSynchronous
            ? Task.Factory.StartNew(() => RunSynchronously(workflow, parameters, streamed, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.Run(() => RunAsynchronously(workflow, parameters, streamed, stop.Token).AsTask(), CancellationToken.None);
        var pump = EndStreamAsync(run, sink);
        try
        {
            await foreach (var runEvent in sink.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return runEvent;
            }
        }
        finally
        {
            if (!run.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            sink.Close();
            await pump.ConfigureAwait(false);
        }
    }

    /// <summary>The blocking form of <see cref="StreamRun"/> for the synchronous runtime: the run goes on its own thread, the caller's thread waits for each event.</summary>
    private protected IEnumerable<RunEvent> StreamRunBlocking(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken)
    {
        var events = StreamRun(workflow, parameters, settings, isSynchronous: true, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (Wait(events.MoveNextAsync()))
            {
                yield return events.Current;
            }
        }
        finally
        {
            var disposing = events.DisposeAsync();
            if (!disposing.IsCompletedSuccessfully)
            {
                disposing.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static bool Wait(ValueTask<bool> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    /// <summary>Waits for the run, then ends the stream: normally when the run reached its end (its last event says how), with the error when it was refused before it started.</summary>
    private static async Task EndStreamAsync(Task run, ChannelEventSink sink)
    {
        Exception? error = null;
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WorkflowExecutionException or WorkflowCancelledException)
        {
            // The run ended failed or cancelled: its last event already says so.
        }
        catch (Exception ex)
        {
            error = ex;
        }

        await sink.CompleteAsync(error).ConfigureAwait(false);
    }
}
