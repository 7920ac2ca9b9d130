namespace Kailash.Runtime.Engine;

/// <summary>
/// The per-run data concerns keep beside the engine's <see cref="RunState"/>, one typed slot per <see cref="RunSlotKey{T}"/>.
/// Slots are not part of the serialised state: what must survive a pause belongs in <see cref="RunState"/> itself.
/// </summary>
/// <remarks>
/// Thread-safe: a slot is set once (first writer wins) and read without locks. The array is made on the first write and
/// sized to the keys declared so far (one today), not to <see cref="Capacity"/>: a run that sets nothing allocates nothing.
/// </remarks>
internal sealed class RunSlots
{
    /// <summary>The most slot keys a process may declare (keys are static, one per concern need).</summary>
    public const int Capacity = 16;

    private static int _registered;
    private object?[]? _values;

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
        where T : class
        => Volatile.Read(ref _values) is { } values && key.Index < values.Length ? (T?)Volatile.Read(ref values[key.Index]) : null;

    /// <summary>Sets a slot once; returns the value that is now in the slot (the existing one if another writer won).</summary>
    public T GetOrSet<T>(RunSlotKey<T> key, T value)
        where T : class
    {
        while (true)
        {
            var values = Volatile.Read(ref _values);
            if (values is null || key.Index >= values.Length)
            {
                // First write, or a key declared after the array was made: grow it (slots already set are carried over).
                var grown = new object?[Math.Max(Volatile.Read(ref _registered), key.Index + 1)];
                values?.CopyTo(grown, 0);
                Interlocked.CompareExchange(ref _values, grown, values);
                continue;
            }

            var existing = (T?)Interlocked.CompareExchange(ref values[key.Index], value, null) ?? value;
            if (ReferenceEquals(Volatile.Read(ref _values), values))
            {
                return existing;
            }

            // Another writer grew the array meanwhile (it may have copied before this write): write again into the new one.
        }
    }
}
