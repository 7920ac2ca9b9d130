namespace Kailash.Runtime;

/// <summary>Thrown when runtime options are invalid. <see cref="Errors"/> lists every problem.</summary>
public sealed class InvalidRuntimeOptionsException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidRuntimeOptionsException"/> class.</summary>
    /// <param name="errors">Every problem found.</param>
    public InvalidRuntimeOptionsException(IReadOnlyList<string> errors)
        : base($"{ErrorCodes.InvalidOptions}: The runtime options are invalid: {string.Join(" ", errors ?? [])}")
    {
        Errors = errors ?? [];
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRuntimeOptionsException"/> class.</summary>
    public InvalidRuntimeOptionsException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRuntimeOptionsException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InvalidRuntimeOptionsException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRuntimeOptionsException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidRuntimeOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Gets the stable error code (<c>KWF045</c>).</summary>
    public static string Code => ErrorCodes.InvalidOptions;

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
