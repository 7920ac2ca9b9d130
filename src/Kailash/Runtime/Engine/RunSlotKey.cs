namespace Kailash.Runtime.Engine;

/// <summary>
/// The typed key of one per-run slot (the idea of Polly's <c>ResiliencePropertyKey&lt;T&gt;</c>): a concern declares
/// one static key for the data it keeps per run, and reads it back typed from <see cref="RunSlots"/>. Keys get a fixed
/// index when created, so a slot read is an array access.
/// </summary>
/// <typeparam name="T">The slot's value type.</typeparam>
internal sealed class RunSlotKey<T>
    where T : class
{
    public RunSlotKey(string name)
    {
        Name = name;
        Index = RunSlots.Register(name);
    }

    /// <summary>Gets the slot's name (for diagnostics).</summary>
    public string Name { get; }

    internal int Index { get; }

    public override string ToString() => Name;
}
