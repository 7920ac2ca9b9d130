namespace Kailash.Runtime.Enterprise;

/// <summary>
/// A run was rejected before it started because a <see cref="ResourceLimits"/> limit is reached (code <c>KWF044</c>).
/// Nothing ran; retrying later, or raising the limit, fixes it.
/// </summary>
public sealed class ResourceLimitExceededException : KailashException
{
    /// <summary>Initializes a new instance of the <see cref="ResourceLimitExceededException"/> class.</summary>
    /// <param name="limit">The limit that was reached (for example <c>MaxConcurrentRuns</c>).</param>
    /// <param name="current">The current value.</param>
    /// <param name="maximum">The configured maximum.</param>
    /// <param name="message">What happened and how to fix it.</param>
    public ResourceLimitExceededException(string limit, long current, long maximum, string message)
        : base(ErrorCodes.ResourceLimitReached, message)
    {
        Limit = limit;
        Current = current;
        Maximum = maximum;
    }

    /// <summary>Initializes a new instance of the <see cref="ResourceLimitExceededException"/> class.</summary>
    public ResourceLimitExceededException()
        : this("unknown", 0, 0, "A resource limit was reached.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResourceLimitExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ResourceLimitExceededException(string message)
        : this("unknown", 0, 0, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResourceLimitExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceLimitExceededException(string message, Exception innerException)
        : base(ErrorCodes.ResourceLimitReached, message, null, null, innerException)
    {
        Limit = "unknown";
    }

    /// <summary>Gets the name of the limit that was reached.</summary>
    public string Limit { get; }

    /// <summary>Gets the value that hit the limit.</summary>
    public long Current { get; }

    /// <summary>Gets the configured maximum.</summary>
    public long Maximum { get; }
}
