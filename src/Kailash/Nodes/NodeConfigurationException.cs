namespace Kailash.Nodes;

/// <summary>Thrown by <see cref="Node"/> configuration when a node's config is invalid. The builder reports it with the node id.</summary>
public sealed class NodeConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="NodeConfigurationException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="key">The config key involved.</param>
    public NodeConfigurationException(string code, string message, string? key = null)
        : base(message)
    {
        Code = code;
        Key = key;
    }

    /// <summary>Initializes a new instance of the <see cref="NodeConfigurationException"/> class.</summary>
    public NodeConfigurationException()
        : this(ErrorCodes.InvalidNodeConfig, "The node configuration is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NodeConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public NodeConfigurationException(string message)
        : this(ErrorCodes.InvalidNodeConfig, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NodeConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NodeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ErrorCodes.InvalidNodeConfig;
    }

    /// <summary>Gets the stable error code.</summary>
    public string Code { get; } = ErrorCodes.InvalidNodeConfig;

    /// <summary>Gets the config key involved, when there is one.</summary>
    public string? Key { get; }
}
