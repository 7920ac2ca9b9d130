namespace Kailash.Runtime.Analytics;

/// <summary>Subscribers of one event kind: a copy-on-write array, so publishing takes no lock.</summary>
/// <typeparam name="T">The event type.</typeparam>
internal sealed class EventSubscriptions<T>
{
    private readonly Lock _lock = new();
    private Handler[] _handlers = [];

    public Handler[] Current => Volatile.Read(ref _handlers);

    public IDisposable Add(Action<T>? sync, Func<T, ValueTask>? async, Action changed)
    {
        var handler = new Handler(sync, async);
        lock (_lock)
        {
            Volatile.Write(ref _handlers, [.. _handlers, handler]);
        }

        changed();
        return new Subscription(this, handler, changed);
    }

    private void Remove(Handler handler)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index < 0)
            {
                return;
            }

            var next = new Handler[_handlers.Length - 1];
            Array.Copy(_handlers, 0, next, 0, index);
            Array.Copy(_handlers, index + 1, next, index, _handlers.Length - index - 1);
            Volatile.Write(ref _handlers, next);
        }
    }

    internal sealed record Handler(Action<T>? Sync, Func<T, ValueTask>? Async);

    private sealed class Subscription : IDisposable
    {
        private readonly EventSubscriptions<T> _owner;
        private readonly Handler _handler;
        private readonly Action _changed;
        private int _disposed;

        public Subscription(EventSubscriptions<T> owner, Handler handler, Action changed)
        {
            _owner = owner;
            _handler = handler;
            _changed = changed;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owner.Remove(_handler);
                _changed();
            }
        }
    }
}
