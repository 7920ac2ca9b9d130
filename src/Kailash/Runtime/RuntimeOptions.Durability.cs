using Kailash.Durability;

namespace Kailash.Runtime;

/// <content>Durable runs: the run store and how runs write to it.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>The default of <see cref="DurableFlushInterval"/>.</summary>
    public static readonly TimeSpan DefaultDurableFlushInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The default of <see cref="LeaseDuration"/>.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>The default of <see cref="CheckpointInterval"/>.</summary>
    public const int DefaultCheckpointInterval = 200;

    /// <summary>
    /// Gets or sets the run store runs are written to. With a store, every run is recorded (node starts and results, frontier
    /// checkpoints) and can be resumed after a crash with <c>Resume</c>/<c>ResumeAsync</c>. The store is shared, not copied, and
    /// the runtime does not dispose it.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (runs are not recorded).</value>
    public IRunStore? RunStore { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets how runs write to <see cref="RunStore"/>; <see cref="RunSettings.Durability"/> overrides it per run.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="DurabilityMode.Sync"/> when a store is set, otherwise <see cref="DurabilityMode.Off"/>.</value>
    public DurabilityMode? Durability { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets how often a <see cref="DurabilityMode.Batched"/> run commits what it has queued.</summary>
    /// <value>The default value is 50 ms.</value>
    public TimeSpan DurableFlushInterval { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultDurableFlushInterval;

    /// <summary>Gets or sets how many node results a run commits between two frontier checkpoints (a checkpoint holds no outputs, so it does not grow with the run).</summary>
    /// <value>The default value is 200.</value>
    public int CheckpointInterval { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultCheckpointInterval;

    /// <summary>Gets or sets how long a run's lease lasts without renewal; another process may take over a run whose lease expired.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LeaseDuration { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultLeaseDuration;

    partial void ValidateDurability(List<string> errors)
    {
        if (Durability is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add($"Durability '{mode}' is not defined.");
        }

        if (Durability is DurabilityMode.Sync or DurabilityMode.Batched && RunStore is null)
        {
            errors.Add($"Durability is {Durability} but no RunStore is set; set RunStore (for example new SqliteRunStore(\"runs.db\")) or Durability = Off.");
        }

        if (DurableFlushInterval <= TimeSpan.Zero)
        {
            errors.Add($"DurableFlushInterval must be positive (was {DurableFlushInterval}).");
        }

        if (CheckpointInterval < 1)
        {
            errors.Add($"CheckpointInterval must be at least 1 (was {CheckpointInterval}).");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            errors.Add($"LeaseDuration must be at least one second (was {LeaseDuration}).");
        }
    }
}
