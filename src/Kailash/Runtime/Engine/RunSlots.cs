namespace Kailash.Runtime.Engine;

/// <summary>
/// The per-run data concerns keep beside the engine's <see cref="RunState"/>, one typed slot per <see cref="RunSlotKey{T}"/>.
/// Slots are not part of the serialised state: what must survive a pause belongs in <see cref="RunState"/> itself.
/// </summary>
/// <remarks>Thread-safe: a slot is set once (first writer wins) and read without locks.</remarks>
internal sealed class RunSlots
{
    /// <summary>The most slot keys a process may declare (keys are static, one per concern need).</summary>
    public const int Capacity = 16;

    private static int _registered;
    private readonly object?[] _values = new object?[Capacity];

    internal static int Register(string name)
    {
        var index = Interlocked.Increment(ref _registered) - 1;
        if (index >= Capacity)
        {
            throw new InvalidOperationException($"Too many run slot keys (the limit is {Capacity}); '{name}' should be a static key shared by all runs.");
        }

        return index;
    }

    public T? Get<T>(RunSlotKey<T> key)
        where T : class => (T?)Volatile.Read(ref _values[key.Index]);

    /// <summary>Sets a slot once; returns the value that is now in the slot (the existing one if another writer won).</summary>
    public T GetOrSet<T>(RunSlotKey<T> key, T value)
        where T : class => (T?)Interlocked.CompareExchange(ref _values[key.Index], value, null) ?? value;
}
