using Kailash.Runtime.Events;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Receives a run's events from its <see cref="RunEvents"/> emitter: the user's callback, a stream's bounded channel,
/// the live hub of watchers, a durable writer. Events arrive one at a time, in sequence order, on the thread that
/// produced them (under the emitter's lock), so a sink sees exactly the order of <see cref="RunEvent.Seq"/>.
/// </summary>
/// <remarks>
/// A durable writer takes the events produced for one node result this way: the node's events are delivered before
/// the recording path returns, so the writer's node commit can carry them (<c>NodeCommit.Events</c>).
/// </remarks>
internal interface IRunEventSink
{
    /// <summary>Gets a value indicating whether the sink holds events it could not hand on yet (a full stream buffer): the run waits at its next node.</summary>
    bool Backlogged => false;

    /// <summary>Takes one event. Must not block on a consumer (a sink that can fill up keeps the event and reports <see cref="Backlogged"/>).</summary>
    /// <param name="runEvent">The event, with its sequence number and time set.</param>
    void OnEvent(RunEvent runEvent);

    /// <summary>Waits until the sink has handed on what it kept (the consumer made room, or went away).</summary>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <returns>A task that completes when the backlog is gone.</returns>
    ValueTask DrainAsync(CancellationToken cancellationToken) => default;
}
