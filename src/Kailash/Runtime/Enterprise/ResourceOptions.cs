namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Limits for one named resource (for example a database) shared by every run of a runtime instance. Nodes declare the
/// resources they use (<c>WorkflowBuilder.UsesResource</c>, or a node's <c>resources</c> key in a workflow file); each attempt
/// of such a node first takes a permit from every limit of every resource it uses. Built on <c>System.Threading.RateLimiting</c>
/// through Polly's rate-limiter strategy.
/// </summary>
public sealed class ResourceOptions
{
    /// <summary>Gets or sets how many nodes may use the resource at once; <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? MaxConcurrency { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets how many permits (node attempts) the resource grants per <see cref="RatePeriod"/>; <see langword="null"/> for no rate limit.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? RateLimit { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets the period over which <see cref="RateLimit"/> permits are replenished (token bucket).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan RatePeriod { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how many node attempts may wait for a permit; when the queue is full a node fails at once with code
    /// <c>KWF044</c>. 0 rejects as soon as the resource is saturated.
    /// </summary>
    /// <value>The default value is <see cref="int.MaxValue"/> (callers wait).</value>
    public int QueueLimit { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = int.MaxValue;

    /// <summary>Creates a copy.</summary>
    /// <returns>The copy.</returns>
    public ResourceOptions Clone() => OptionsGuard.Writable((ResourceOptions)MemberwiseClone(), static copy => copy.IsReadOnly = false);

    /// <summary>Gets a value indicating whether this object belongs to a runtime's options and is read-only (setting anything throws <c>KWF053</c>).</summary>
    public bool IsReadOnly { get; private set; }

    /// <summary>Makes this object read-only (used on the runtime's private copy).</summary>
    /// <returns>This object.</returns>
    internal ResourceOptions Freeze() => OptionsGuard.Frozen(this, IsReadOnly = true);

    internal void Validate(List<string> errors, string owner)
    {
        if (MaxConcurrency is < 1)
        {
            errors.Add($"{owner}: MaxConcurrency must be at least 1 when set (was {MaxConcurrency}).");
        }

        if (RateLimit is < 1)
        {
            errors.Add($"{owner}: RateLimit must be at least 1 when set (was {RateLimit}).");
        }

        if (RatePeriod <= TimeSpan.Zero)
        {
            errors.Add($"{owner}: RatePeriod must be positive (was {RatePeriod}).");
        }

        if (QueueLimit < 0)
        {
            errors.Add($"{owner}: QueueLimit must not be negative (was {QueueLimit}).");
        }

        if (MaxConcurrency is null && RateLimit is null)
        {
            errors.Add($"{owner}: set MaxConcurrency and/or RateLimit; a resource without limits has no effect.");
        }
    }
}
