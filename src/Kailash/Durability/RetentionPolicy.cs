namespace Kailash.Durability;

/// <summary>
/// Which finished runs a store removes. On by default: runs that completed, failed or were cancelled more than
/// 30 days ago are deleted (with their node rows, events, checkpoints and requests) when the store opens and on
/// <see cref="IRunStore.PruneAsync"/>. Running and suspended runs are never pruned.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>Gets the default policy: finished runs are kept for 30 days.</summary>
    public static RetentionPolicy Default { get; } = new();

    /// <summary>Gets a policy that keeps every run forever.</summary>
    public static RetentionPolicy KeepAll { get; } = new() { Enabled = false };

    /// <summary>Gets a value indicating whether pruning happens at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets how long a finished run is kept after its last change.</summary>
    public TimeSpan FinishedRunMaxAge { get; init; } = TimeSpan.FromDays(30);
}
