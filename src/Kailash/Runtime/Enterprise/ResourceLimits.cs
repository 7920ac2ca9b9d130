namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Limits checked before every run of a runtime instance. A run that would exceed one is rejected before any node runs:
/// <c>Execute</c>/<c>ExecuteAsync</c> throw <see cref="ResourceLimitExceededException"/> (code <c>KWF044</c>).
/// </summary>
public sealed class ResourceLimits
{
    /// <summary>Gets or sets how many runs may be in flight at once on the runtime; <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? MaxConcurrentRuns { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets or sets the managed-heap size (bytes, as reported by <see cref="GC.GetTotalMemory(bool)"/>) above which new runs are
    /// rejected; <see langword="null"/> for no limit.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? MaxMemoryBytes { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Creates a copy.</summary>
    /// <returns>The copy.</returns>
    public ResourceLimits Clone() => OptionsGuard.Writable((ResourceLimits)MemberwiseClone(), static copy => copy.IsReadOnly = false);

    /// <summary>Gets a value indicating whether this object belongs to a runtime's options and is read-only (setting anything throws <c>KWF053</c>).</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Makes this object read-only (used on the runtime's private copy).</summary>
    /// <returns>This object.</returns>
    internal ResourceLimits Freeze() => OptionsGuard.Frozen(this, IsReadOnly = true);

    internal void Validate(List<string> errors)
    {
        if (MaxConcurrentRuns is < 1)
        {
            errors.Add($"ResourceLimits.MaxConcurrentRuns must be at least 1 when set (was {MaxConcurrentRuns}).");
        }

        if (MaxMemoryBytes is < 1)
        {
            errors.Add($"ResourceLimits.MaxMemoryBytes must be positive when set (was {MaxMemoryBytes}).");
        }
    }
}
