namespace Kailash.Nodes.Code;

/// <summary>A node whose work is a C# delegate: the code-first way to add logic to a workflow.</summary>
public sealed class LambdaNode : Node
{
    private readonly Func<NodeInputs, NodeContext, IReadOnlyDictionary<string, object?>> _body;
    private readonly IReadOnlyList<NodeParameter> _parameters;
    private readonly IReadOnlyList<string>? _outputs;

    /// <summary>Initializes a new instance of the <see cref="LambdaNode"/> class.</summary>
    /// <param name="body">Computes the output map from the inputs.</param>
    /// <param name="parameters">The declared inputs; none means any input is accepted.</param>
    /// <param name="outputs">The declared output ports; <see langword="null"/> means any port.</param>
    public LambdaNode(Func<NodeInputs, NodeContext, IReadOnlyDictionary<string, object?>> body, IReadOnlyList<NodeParameter>? parameters = null, IReadOnlyList<string>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        _parameters = parameters ?? [];
        _outputs = outputs;
    }

    /// <summary>Initializes a new instance of the <see cref="LambdaNode"/> class with a single <c>result</c> output.</summary>
    /// <param name="body">Computes the <c>result</c> value from the inputs.</param>
    /// <param name="parameters">The declared inputs; none means any input is accepted.</param>
    public LambdaNode(Func<NodeInputs, object?> body, IReadOnlyList<NodeParameter>? parameters = null)
        : this(WrapResult(body), parameters, [DefaultOutput])
    {
    }

    /// <inheritdoc />
    public override bool HasDynamicOutputs => _outputs is null;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => _outputs ?? base.GetOutputs();

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context) => _body(inputs, context);

    private static Func<NodeInputs, NodeContext, IReadOnlyDictionary<string, object?>> WrapResult(Func<NodeInputs, object?> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return (inputs, _) => new Dictionary<string, object?>(1) { [DefaultOutput] = body(inputs) };
    }
}
