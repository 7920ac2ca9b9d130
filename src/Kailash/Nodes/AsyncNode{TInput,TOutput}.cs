using Kailash.Nodes.Typed;

namespace Kailash.Nodes;

/// <summary>
/// The asynchronous twin of <see cref="Node{TInput, TOutput}"/>: ports are the properties of two records, and the
/// work really waits (I/O, timers). <c>LocalRuntime</c> runs it too, completing the wait in place.
/// </summary>
/// <typeparam name="TInput">The input record (see <see cref="Node{TInput, TOutput}"/> for the rules).</typeparam>
/// <typeparam name="TOutput">The output record: every public property is an output port.</typeparam>
public abstract class AsyncNode<TInput, TOutput> : AsyncNode
{
    /// <summary>Initializes a new instance of the <see cref="AsyncNode{TInput, TOutput}"/> class.</summary>
    /// <exception cref="KailashException">A record cannot describe ports (code <c>KWF014</c>).</exception>
    protected AsyncNode() => TypedPorts<TInput, TOutput>.EnsureValid();

    /// <summary>Gets the inputs: one per constructor parameter or settable property of <typeparamref name="TInput"/>.</summary>
    /// <returns>The declared parameters, read once per type.</returns>
    public sealed override IReadOnlyList<NodeParameter> GetParameters() => TypedPorts<TInput, TOutput>.Parameters;

    /// <summary>Gets the outputs: one per public property of <typeparamref name="TOutput"/>.</summary>
    /// <returns>The output port names, read once per type.</returns>
    public sealed override IReadOnlyList<string> GetOutputs() => TypedPorts<TInput, TOutput>.Outputs;

    /// <summary>Gets the property type behind an output port.</summary>
    /// <param name="port">The output port name.</param>
    /// <returns>The declared type, or <see langword="null"/> for an unknown port.</returns>
    public sealed override Type? GetOutputType(string port) => TypedPorts<TInput, TOutput>.OutputType(port);

    /// <summary>Runs the node asynchronously.</summary>
    /// <param name="input">The inputs, read into the input record.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the node times out.</param>
    /// <returns>The outputs.</returns>
    public abstract ValueTask<TOutput> RunAsync(TInput input, NodeContext context, CancellationToken cancellationToken);

    /// <summary>Reads the input record, runs the node and exposes its output record as the port map.</summary>
    /// <param name="inputs">The bound input values.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the node times out.</param>
    /// <returns>A read-only view of the output record, by port name.</returns>
    public sealed override ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = RunAsync(TypedPorts<TInput, TOutput>.Read(inputs), context, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(TypedPorts<TInput, TOutput>.Wrap(pending.Result, context)) : AwaitAsync(pending, context);
    }

    private static async ValueTask<IReadOnlyDictionary<string, object?>> AwaitAsync(ValueTask<TOutput> pending, NodeContext context)
        => TypedPorts<TInput, TOutput>.Wrap(await pending.ConfigureAwait(false), context);
}
