namespace Kailash.Nodes;

/// <summary>
/// The asynchronous twin of <see cref="DeclaredNode"/>: inputs and outputs are fixed lists given to the constructor
/// (the catalogue's HTTP, SQL and AI nodes derive from it).
/// </summary>
public abstract class DeclaredAsyncNode : AsyncNode
{
    private readonly (IReadOnlyList<NodeParameter> Parameters, IReadOnlyList<string> Outputs) _ports;

    /// <summary>Initializes a new instance of the <see cref="DeclaredAsyncNode"/> class.</summary>
    /// <param name="parameters">The declared inputs.</param>
    /// <param name="outputs">The declared output ports.</param>
    protected DeclaredAsyncNode(IReadOnlyList<NodeParameter> parameters, IReadOnlyList<string> outputs) => _ports = (parameters, outputs);

    /// <inheritdoc />
    public sealed override IReadOnlyList<NodeParameter> GetParameters() => _ports.Parameters;

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> GetOutputs() => _ports.Outputs;
}
