namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Time limits for one node: for the whole node (all attempts and retry delays) and for each attempt. Reaching either fails
/// the node with code <c>KWF060</c> (a per-attempt timeout is retried first when the node has a retry policy). Timeouts are
/// cooperative: the node's <c>NodeContext.CancellationToken</c> (and an <c>AsyncNode</c>'s token) is cancelled, and the node
/// must observe it.
/// </summary>
public sealed class NodeTimeoutOptions
{
    /// <summary>The shortest timeout Polly accepts.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest timeout Polly accepts.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the limit for the whole node, retries included; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Gets or sets the limit for each attempt; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Creates a copy.</summary>
    /// <returns>The copy.</returns>
    public NodeTimeoutOptions Clone() => (NodeTimeoutOptions)MemberwiseClone();

    internal static void Check(List<string> errors, string owner, string name, TimeSpan? value)
    {
        if (value is { } limit && (limit < MinTimeout || limit > MaxTimeout))
        {
            errors.Add($"{owner}: {name} must be between 10 ms and 1 day (was {limit}).");
        }
    }

    internal void Validate(List<string> errors, string owner)
    {
        Check(errors, owner, nameof(Timeout), Timeout);
        Check(errors, owner, nameof(AttemptTimeout), AttemptTimeout);
    }
}
