namespace Kailash.Nodes.Code;

/// <summary>A node whose work is an asynchronous C# delegate.</summary>
public sealed class AsyncLambdaNode : AsyncNode
{
    private readonly Func<NodeInputs, NodeContext, CancellationToken, ValueTask<IReadOnlyDictionary<string, object?>>> _body;
    private readonly IReadOnlyList<NodeParameter> _parameters;
    private readonly IReadOnlyList<string>? _outputs;

    /// <summary>Initializes a new instance of the <see cref="AsyncLambdaNode"/> class.</summary>
    /// <param name="body">Computes the output map from the inputs.</param>
    /// <param name="parameters">The declared inputs; none means any input is accepted.</param>
    /// <param name="outputs">The declared output ports; <see langword="null"/> means any port.</param>
    public AsyncLambdaNode(Func<NodeInputs, NodeContext, CancellationToken, ValueTask<IReadOnlyDictionary<string, object?>>> body, IReadOnlyList<NodeParameter>? parameters = null, IReadOnlyList<string>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        _parameters = parameters ?? [];
        _outputs = outputs;
    }

    /// <inheritdoc />
    public override bool HasDynamicOutputs => _outputs is null;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => _outputs ?? base.GetOutputs();

    /// <inheritdoc />
    public override ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
        => _body(inputs, context, cancellationToken);
}
