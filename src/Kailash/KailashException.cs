namespace Kailash;

/// <summary>
/// An error raised by the runtime with a stable code and the node and port involved
/// (parameter binding, input contracts, missing inputs, limits).
/// </summary>
public class KailashException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="KailashException"/> class.</summary>
    /// <param name="code">The stable error code, one of <see cref="ErrorCodes"/>.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="nodeId">The node involved.</param>
    /// <param name="port">The port or parameter involved.</param>
    /// <param name="innerException">The cause.</param>
    public KailashException(string code, string message, string? nodeId = null, string? port = null, Exception? innerException = null)
        : base(message.StartsWith(code, StringComparison.Ordinal) ? message : $"{code}: {message}", innerException)
    {
        Code = code;
        NodeId = nodeId;
        Port = port;
    }

    /// <summary>Initializes a new instance of the <see cref="KailashException"/> class with a message used as it is (a restored error keeps its original text).</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">The message, used verbatim.</param>
    /// <param name="nodeId">The node involved, if any.</param>
    /// <param name="port">The port involved, if any.</param>
    /// <param name="verbatim">Marks this overload; always <see langword="true"/>.</param>
    private protected KailashException(string code, string message, string? nodeId, string? port, bool verbatim)
        : base(message)
    {
        _ = verbatim;
        Code = code;
        NodeId = nodeId;
        Port = port;
    }

    /// <summary>Initializes a new instance of the <see cref="KailashException"/> class.</summary>
    public KailashException()
        : this(ErrorCodes.NodeFailed, "A Kailash error occurred.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KailashException"/> class.</summary>
    /// <param name="message">The message.</param>
    public KailashException(string message)
        : this(ErrorCodes.NodeFailed, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KailashException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public KailashException(string message, Exception innerException)
        : this(ErrorCodes.NodeFailed, message, null, null, innerException)
    {
    }

    /// <summary>Gets the stable error code.</summary>
    public string Code { get; }

    /// <summary>Gets the node involved, when there is one.</summary>
    public string? NodeId { get; }

    /// <summary>Gets the port or parameter involved, when there is one.</summary>
    public string? Port { get; }
}
