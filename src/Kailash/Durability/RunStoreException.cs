namespace Kailash.Durability;

/// <summary>A run store failed: unreachable, damaged, foreign or too new, or a run it was asked about does not exist.</summary>
public sealed class RunStoreException : KailashException
{
    /// <summary>Initializes a new instance of the <see cref="RunStoreException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The provider's exception.</param>
    public RunStoreException(string code, string message, Exception? innerException = null)
        : base(code, message, null, null, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunStoreException"/> class.</summary>
    public RunStoreException()
        : this(ErrorCodes.StoreUnavailable, "The run store failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    public RunStoreException(string message)
        : this(ErrorCodes.StoreUnavailable, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RunStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RunStoreException(string message, Exception innerException)
        : this(ErrorCodes.StoreUnavailable, message, innerException)
    {
    }
}
