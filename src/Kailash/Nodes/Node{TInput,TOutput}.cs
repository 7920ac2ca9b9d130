using Kailash.Nodes.Typed;

namespace Kailash.Nodes;

/// <summary>
/// A node whose ports are the properties of two records: <typeparamref name="TInput"/> (inputs) and
/// <typeparamref name="TOutput"/> (outputs). Port names on the wire are the property names in snake_case
/// (<c>FilePath</c> → <c>file_path</c>); descriptions, defaults and required-ness come from the records.
/// </summary>
/// <typeparam name="TInput">
/// The input record. A positional record's parameters are inputs, required unless they have a default; settable
/// (<c>init</c>) properties are inputs too, required when marked <c>required</c>.
/// </typeparam>
/// <typeparam name="TOutput">The output record: every public property is an output port.</typeparam>
/// <remarks>
/// The records are read once per type (reflection compiled to delegates), never per step, and the returned record
/// reaches the run through a read-only view instead of a new dictionary. <see cref="System.ComponentModel.DescriptionAttribute"/>,
/// <see cref="System.ComponentModel.DefaultValueAttribute"/> and <see cref="PortAttribute"/> refine a port.
/// A record that cannot describe ports fails when the node is created (code <c>KWF014</c>).
/// </remarks>
/// <example>
/// <code>
/// public sealed record AddInput([property: Description("The value to increase.")] long Value, long Step = 1);
/// public sealed record AddOutput(long Result);
///
/// public sealed class AddNode : Node&lt;AddInput, AddOutput&gt;
/// {
///     public override AddOutput Run(AddInput input, NodeContext context) => new(input.Value + input.Step);
/// }
/// </code>
/// </example>
public abstract class Node<TInput, TOutput> : Node
{
    /// <summary>Initializes a new instance of the <see cref="Node{TInput, TOutput}"/> class.</summary>
    /// <exception cref="KailashException">A record cannot describe ports (code <c>KWF014</c>).</exception>
    protected Node() => TypedPorts<TInput, TOutput>.EnsureValid();

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

    /// <summary>Runs the node.</summary>
    /// <param name="input">The inputs, read into the input record.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <returns>The outputs.</returns>
    /// <remarks>
    /// The context belongs to this call only: the engine may hand the same object to a later step of the run once this one
    /// has returned, so do not keep it, or start work that reads it, beyond the call (copy what you need, such as its
    /// <see cref="NodeContext.CancellationToken"/> or <see cref="NodeContext.IdempotencyKey"/>).
    /// </remarks>
    public abstract TOutput Run(TInput input, NodeContext context);

    /// <inheritdoc />
    internal sealed override bool ReusesStepObjects => true;

    /// <summary>Reads the input record, runs the node and exposes its output record as the port map.</summary>
    /// <param name="inputs">The bound input values.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <returns>A read-only view of the output record, by port name.</returns>
    public sealed override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => TypedPorts<TInput, TOutput>.Wrap(Run(TypedPorts<TInput, TOutput>.Read(inputs), context), context);
}
