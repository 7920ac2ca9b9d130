namespace Kailash.Runtime.Engine;

/// <summary>
/// The typed key of one per-plan slot: what a concern computes once per plan (compiled node policies, cycle programs,
/// node loggers), stored in <see cref="PlanSlots"/> before the plan's first run and never changed afterwards.
/// </summary>
/// <typeparam name="T">The slot's value type.</typeparam>
internal sealed class PlanSlotKey<T>
    where T : class
{
    public PlanSlotKey(string name)
    {
        Name = name;
        Index = PlanSlots.Register(name);
    }

    /// <summary>Gets the slot's name (for diagnostics).</summary>
    public string Name { get; }

    internal int Index { get; }

    public override string ToString() => Name;
}
