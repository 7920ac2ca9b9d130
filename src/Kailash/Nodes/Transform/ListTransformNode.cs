namespace Kailash.Nodes.Transform;

/// <summary>
/// The base of the list transforms (<see cref="FilterNode"/>, <see cref="Map"/>, <see cref="Sort"/>): one output port that
/// carries a new list, declared once here.
/// </summary>
public abstract class ListTransformNode : Node
{
    private readonly string _output;
    private readonly IReadOnlyList<string> _outputs;

    /// <summary>Initializes a new instance of the <see cref="ListTransformNode"/> class.</summary>
    /// <param name="output">The name of the node's one output port.</param>
    protected ListTransformNode(string output)
    {
        _output = output;
        _outputs = [output];
    }

    /// <inheritdoc />
    public sealed override IReadOnlyList<string> GetOutputs() => _outputs;

    /// <inheritdoc />
    public sealed override Type? GetOutputType(string port) => port == _output ? typeof(List<object?>) : null;
}
