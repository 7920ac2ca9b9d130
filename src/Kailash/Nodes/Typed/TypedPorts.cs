namespace Kailash.Nodes.Typed;

/// <summary>What <see cref="Node{TInput, TOutput}"/> and <see cref="AsyncNode{TInput, TOutput}"/> share: metadata and the per-step conversions.</summary>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The output record.</typeparam>
internal static class TypedPorts<TInput, TOutput>
{
    /// <summary>Reads both records' ports, so a record that cannot describe ports fails when the node is created (<c>KWF014</c>).</summary>
    public static void EnsureValid()
    {
        _ = InputRecord<TInput>.Ports;
        _ = OutputRecord<TOutput>.Ports;
    }

    public static IReadOnlyList<NodeParameter> Parameters => InputRecord<TInput>.Ports.Parameters;

    public static IReadOnlyList<string> Outputs => OutputRecord<TOutput>.Ports.Names;

    public static Type? OutputType(string port)
    {
        var ports = OutputRecord<TOutput>.Ports;
        var at = ports.IndexOf(port);
        return at < 0 ? null : ports.Types[at];
    }

    public static TInput Read(NodeInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return InputRecord<TInput>.Ports.Read(inputs);
    }

    public static IReadOnlyDictionary<string, object?> Wrap(TOutput output, NodeContext context)
        => output is null
            ? throw new KailashException(ErrorCodes.NodeFailed, $"Node '{context.NodeId}' ({context.NodeType}) returned no {typeof(TOutput).Name}. Please return an output record.", context.NodeId)
            : new TypedOutputs<TOutput>(output);
}
