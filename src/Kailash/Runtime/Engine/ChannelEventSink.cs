using System.Threading.Channels;
using Kailash.Runtime.Events;

namespace Kailash.Runtime.Engine;

/// <summary>
/// A run's events on their way to one stream consumer, through a bounded channel. Backpressure, never loss: when the
/// channel is full the event is kept in order (a short overflow, at most the events of the nodes already in flight)
/// and the run waits before its next node until the consumer made room (<see cref="DrainAsync"/>). When the consumer
/// goes away (<see cref="Close"/>) events are no longer kept and the run is no longer held back.
/// </summary>
internal sealed class ChannelEventSink : IRunEventSink
{
    private readonly Channel<RunEvent> _channel;
    private readonly Queue<RunEvent> _overflow = new();
    private readonly Lock _gate = new();
    private volatile bool _backlogged;
    private bool _closed;

    public ChannelEventSink(int capacity)
        => _channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<RunEvent> Reader => _channel.Reader;

    public bool Backlogged => _backlogged;

    public void OnEvent(RunEvent runEvent)
    {
        lock (_gate)
        {
            if (_closed || (_overflow.Count == 0 && _channel.Writer.TryWrite(runEvent)))
            {
                return;
            }

            _overflow.Enqueue(runEvent);
            _backlogged = true;
        }
    }

    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (!MoveOverflow())
        {
            if (!await _channel.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
            {
                Close();
                return;
            }
        }
    }

    /// <summary>Hands on what is left once the run ended (waiting for the consumer as long as it reads), then ends the stream.</summary>
    /// <param name="error">The error the stream ends with (a run refused before it started), or <see langword="null"/>.</param>
    /// <returns>A task that completes when the stream is complete.</returns>
    public async ValueTask CompleteAsync(Exception? error)
    {
        await DrainAsync(CancellationToken.None).ConfigureAwait(false);
        _channel.Writer.TryComplete(error);
    }

    /// <summary>The consumer went away: drop what is kept, keep nothing more, and release a run waiting for room.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _overflow.Clear();
            _backlogged = false;
        }

        _channel.Writer.TryComplete();
    }

    /// <summary>Moves kept events into the channel while it has room.</summary>
    /// <returns><see langword="true"/> when nothing is kept any more.</returns>
    private bool MoveOverflow()
    {
        lock (_gate)
        {
            while (_overflow.Count > 0)
            {
                if (!_channel.Writer.TryWrite(_overflow.Peek()))
                {
                    return false;
                }

                _overflow.Dequeue();
            }

            _backlogged = false;
            return true;
        }
    }
}
