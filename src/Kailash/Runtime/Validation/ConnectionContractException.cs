namespace Kailash.Runtime.Validation;

/// <summary>
/// A connection delivered a value that does not match the declared type of the input it feeds (code <c>KWF041</c>,
/// <see cref="ConnectionValidationMode.Strict"/>). The node did not run.
/// </summary>
public sealed class ConnectionContractException : KailashException
{
    /// <summary>Initializes a new instance of the <see cref="ConnectionContractException"/> class.</summary>
    /// <param name="sourceNode">The node that produced the value.</param>
    /// <param name="sourcePort">The output (and path) the value was read from.</param>
    /// <param name="targetNode">The node that would have received it.</param>
    /// <param name="targetInput">The input it was bound to.</param>
    /// <param name="expectedType">The input's declared type.</param>
    /// <param name="actualType">The delivered value's type, or <see langword="null"/> for a null value.</param>
    /// <param name="problem">Why the value does not convert, when that can be told without showing the value.</param>
    public ConnectionContractException(string sourceNode, string sourcePort, string targetNode, string targetInput, Type expectedType, Type? actualType, string? problem)
        : base(
            ErrorCodes.ConnectionContractViolation,
            $"Connection '{sourceNode}.{sourcePort} -> {targetNode}.{targetInput}': input '{targetInput}' of node '{targetNode}' expects {Name(expectedType)}, but output '{sourcePort}' of node '{sourceNode}' delivered {(actualType is null ? "null" : Name(actualType))}{(problem is null ? "." : $" ({problem.TrimEnd('.')}).")} Please convert the value between the two nodes, connect an output of type {Name(expectedType)}, or declare the input as object. (ConnectionValidation is Strict; Warn logs this instead.)",
            targetNode,
            targetInput)
    {
        SourceNode = sourceNode;
        SourcePort = sourcePort;
        TargetNode = targetNode;
        TargetInput = targetInput;
        ExpectedType = expectedType;
        ActualType = actualType;
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectionContractException"/> class.</summary>
    public ConnectionContractException()
        : this("unknown", "unknown", "unknown", "unknown", typeof(object), null, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectionContractException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ConnectionContractException(string message)
        : base(ErrorCodes.ConnectionContractViolation, message)
    {
        SourceNode = SourcePort = TargetNode = TargetInput = "unknown";
        ExpectedType = typeof(object);
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectionContractException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectionContractException(string message, Exception innerException)
        : base(ErrorCodes.ConnectionContractViolation, message, null, null, innerException)
    {
        SourceNode = SourcePort = TargetNode = TargetInput = "unknown";
        ExpectedType = typeof(object);
    }

    /// <summary>Gets the node that produced the value.</summary>
    public string SourceNode { get; }

    /// <summary>Gets the output (and dotted path) the value was read from.</summary>
    public string SourcePort { get; }

    /// <summary>Gets the node that would have received the value.</summary>
    public string TargetNode { get; }

    /// <summary>Gets the input the value was bound to.</summary>
    public string TargetInput { get; }

    /// <summary>Gets the input's declared type.</summary>
    public Type ExpectedType { get; }

    /// <summary>Gets the delivered value's type, or <see langword="null"/> when the value was null.</summary>
    public Type? ActualType { get; }

    internal static string Name(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
