namespace Kailash.Nodes;

/// <summary>
/// A synchronous node whose inputs and outputs are fixed lists, declared once per type and handed to the constructor
/// (the catalogue's file nodes derive from it).
/// </summary>
public abstract class DeclaredNode : Node
{
    private readonly IReadOnlyList<NodeParameter> _parameters;
    private readonly IReadOnlyList<string> _outputs;

    /// <summary>Initializes a new instance of the <see cref="DeclaredNode"/> class.</summary>
    /// <param name="parameters">The declared inputs.</param>
    /// <param name="outputs">The declared output ports.</param>
    protected DeclaredNode(IReadOnlyList<NodeParameter> parameters, IReadOnlyList<string> outputs)
        => (_parameters, _outputs) = (parameters, outputs);

    /// <inheritdoc />
    public sealed override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> GetOutputs() => _outputs;
}
