using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
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
internal static class RunEventStream
{
    /// <summary>The SSE event type of a watch that failed (its data: <c>{"code": …, "message": …}</c>).</summary>
    public const string FailedType = "StreamFailed";

    public static async IAsyncEnumerable<SseItem<string>> ReadAsync(BaseRuntime runtime, string runId, long fromSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = runtime.WatchAsync(runId, fromSeq, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                RunEvent runEvent;
                KailashException? failure = null;
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    runEvent = events.Current;
                }
                catch (KailashException e)
                {
                    failure = e;
                    runEvent = null!;
                }

                if (failure is not null)
                {
                    var data = JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal) { ["code"] = failure.Code, ["message"] = failure.Message });
                    yield return new SseItem<string>(data, FailedType);
                    yield break;
                }

                yield return new SseItem<string>(RunEventJson.Serialize(runEvent), runEvent.Type)
                {
                    EventId = runEvent.Seq > 0 ? runEvent.Seq.ToString(CultureInfo.InvariantCulture) : null,
                };
            }
        }
    }
}
