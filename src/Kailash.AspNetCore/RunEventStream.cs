using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Kailash.Runtime;
using Kailash.Runtime.Events;

namespace Kailash.AspNetCore;

/// <summary>
/// A run's events as Server-Sent Events, read through <see cref="BaseRuntime.WatchAsync"/>: each event's SSE <c>event</c>
/// is its type (<c>RunStarted</c>, <c>NodeCompleted</c>…), its <c>data</c> the event's JSON (as <c>kailash run --output
/// jsonl</c> writes it) and its <c>id</c> its sequence number, so a reconnecting client continues after it. Input requests
/// re-announced to a new watcher have no number and carry no <c>id</c>. A failure while watching ends the stream with
/// one <c>StreamFailed</c> event carrying its code.
/// </summary>
/// <remarks>
/// A watcher of a run running in this process is fed live, and a live watcher that falls behind makes the run wait. An
/// HTTP client must never hold a run back (a stalled or hostile client would stop it), so a pump takes the events as
/// they come into a buffer of <see cref="BufferSize"/>; when the client falls that far behind, the pump lets go of the
/// run and the stream continues from the run store once the client has caught up (the store holds every event).
/// </remarks>
internal static class RunEventStream
{
    /// <summary>The SSE event type of a watch that failed (its data: <c>{"code": …, "message": …}</c>).</summary>
    public const string FailedType = "StreamFailed";

    /// <summary>How many events the stream holds for a client that falls behind before it lets go of the live run.</summary>
    public const int BufferSize = 1024;

    private enum PumpEnd
    {
        Ended,
        Overflowed,
    }

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(BaseRuntime runtime, string runId, long fromSeq, [EnumeratorCancellation] CancellationToken cancellationToken, int bufferSize = BufferSize)
    {
        var last = fromSeq;
        while (true)
        {
            var buffer = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(bufferSize) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pump = PumpAsync(runtime, runId, last, buffer.Writer, stop.Token);
            try
            {
                await foreach (var runEvent in buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = Math.Max(last, runEvent.Seq);
                    yield return new SseItem<string>(RunEventJson.Serialize(runEvent), runEvent.Type)
                    {
                        EventId = runEvent.Seq > 0 ? runEvent.Seq.ToString(CultureInfo.InvariantCulture) : null,
                    };
                }
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            var (end, failure) = await pump.ConfigureAwait(false);
            if (failure is not null)
            {
                var data = JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal) { ["code"] = failure.Code, ["message"] = failure.Message });
                yield return new SseItem<string>(data, FailedType);
                yield break;
            }

            if (end == PumpEnd.Ended)
            {
                yield break;
            }

            // Overflowed: the client has read everything buffered; continue after the last event it got, from the store.
        }
    }

    /// <summary>Moves the watched events into the buffer without ever waiting for the client; stops when the buffer is full.</summary>
    private static async Task<(PumpEnd End, KailashException? Failure)> PumpAsync(BaseRuntime runtime, string runId, long fromSeq, ChannelWriter<RunEvent> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var runEvent in runtime.WatchAsync(runId, fromSeq, cancellationToken).ConfigureAwait(false))
            {
                if (!buffer.TryWrite(runEvent))
                {
                    return (PumpEnd.Overflowed, null);
                }
            }

            return (PumpEnd.Ended, null);
        }
        catch (KailashException e)
        {
            return (PumpEnd.Ended, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (PumpEnd.Ended, null);
        }
        finally
        {
            buffer.TryComplete();
        }
    }
}
