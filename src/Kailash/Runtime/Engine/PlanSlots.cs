namespace Kailash.Runtime.Engine;

/// <summary>
/// The per-plan data of the concerns, one typed slot per <see cref="PlanSlotKey{T}"/>. Filled while the engine prepares
/// a new plan, then frozen: a plan is shared by every run of its workflow, so nothing may change it during a run.
/// </summary>
internal sealed class PlanSlots
{
    /// <summary>The most plan slot keys a process may declare.</summary>
    public const int Capacity = 16;

    private static int _registered;
    private readonly object?[] _values = new object?[Capacity];
    private bool _frozen;

    internal static int Register(string name)
    {
        var index = Interlocked.Increment(ref _registered) - 1;
        if (index >= Capacity)
        {
            throw new InvalidOperationException($"Too many plan slot keys (the limit is {Capacity}); '{name}' should be a static key shared by all plans.");
        }

        return index;
    }

    public bool IsFrozen => Volatile.Read(ref _frozen);

    /// <summary>Gets a slot's value, or <see langword="null"/> when the concern prepared nothing for this plan.</summary>
    public T? Get<T>(PlanSlotKey<T> key)
        where T : class => (T?)_values[key.Index];

    /// <summary>Sets a slot while the plan is being prepared.</summary>
    /// <exception cref="InvalidOperationException">The plan has already run (its slots are frozen).</exception>
    public void Set<T>(PlanSlotKey<T> key, T value)
        where T : class
    {
        if (IsFrozen)
        {
            throw new InvalidOperationException($"The plan slot '{key.Name}' cannot change: the plan's slots were frozen before its first run.");
        }

        _values[key.Index] = value;
    }

    /// <summary>Freezes the slots; called once, before the plan is published to runs.</summary>
    public void Freeze() => Volatile.Write(ref _frozen, true);
}
