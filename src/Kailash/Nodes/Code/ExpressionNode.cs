using Kailash.Expressions;

namespace Kailash.Nodes.Code;

/// <summary>
/// Computes one output from its inputs with an expression (<c>data.score * 2</c>), so workflows defined in files can
/// compute. Every identifier the expression reads is an input; the expression is parsed once, when the workflow is built.
/// </summary>
/// <remarks>Config: <c>expression</c> (required), <c>output</c> (the output port, default <c>result</c>).</remarks>
public sealed class ExpressionNode : Node
{
    /// <summary>The config key holding the expression.</summary>
    public const string ExpressionKey = "expression";

    /// <summary>The config key naming the output port.</summary>
    public const string OutputKey = "output";

    private ExpressionProgram? _program;
    private List<NodeParameter> _parameters = [new NodeParameter(ExpressionKey, typeof(string)) { Required = true, Description = "The expression to evaluate." }];
    private IReadOnlyList<string> _outputs = [DefaultOutput];
    private string _output = DefaultOutput;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => _outputs;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var program = _program ?? throw new KailashException(ErrorCodes.InvalidNodeConfig, $"ExpressionNode '{context.NodeId}' has no 'expression' in its config. Please set config.expression.", context.NodeId, ExpressionKey);
        try
        {
            return new Dictionary<string, object?>(1) { [_output] = program.Evaluate(new DictionaryExpressionScope(inputs)) };
        }
        catch (ExpressionEvaluationException ex)
        {
            throw new KailashException(ErrorCodes.ExpressionEvaluationFailed, $"Node '{context.NodeId}': {KailashException.WithoutCode(ex.Message)}", context.NodeId, _output, ex);
        }
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config) => Configure(config, NodeRegistry.BuiltIn);

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.TryGetValue(ExpressionKey, out var raw) || raw is not string text || string.IsNullOrWhiteSpace(text))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "ExpressionNode needs a non-empty string 'expression' in its config, for example \"data.score * 2\".", ExpressionKey);
        }

        if (config.TryGetValue(OutputKey, out var output) && output is not null)
        {
            _output = output as string is { Length: > 0 } name
                ? name
                : throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "ExpressionNode 'output' must be a non-empty string naming the output port.", OutputKey);
        }

        if (!ExpressionProgram.TryParse(text, registry.Functions, out var program, out var error))
        {
            throw new NodeConfigurationException(error.Code, error.Message, ExpressionKey);
        }

        _program = program;
        _outputs = [_output];
        var parameters = new List<NodeParameter>(program.Identifiers.Count + 2)
        {
            _parameters[0],
            new(OutputKey, typeof(string)) { Default = DefaultOutput, HasDefault = true, Description = "The output port name." },
        };
        foreach (var identifier in program.Identifiers)
        {
            if (identifier is not ExpressionKey and not OutputKey)
            {
                parameters.Add(new NodeParameter(identifier, typeof(object)) { Required = true, Description = $"Read by the expression '{text}'." });
            }
        }

        _parameters = parameters;
    }
}
