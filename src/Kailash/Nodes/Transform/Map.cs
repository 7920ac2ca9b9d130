using System.Globalization;
using Kailash.Expressions;

namespace Kailash.Nodes.Transform;

/// <summary>
/// Transforms every item of a list (Kailash's <c>Map</c>): <c>data</c>, <c>field</c>, <c>new_field</c>,
/// <c>operation</c> (<c>identity upper lower multiply add</c>), <c>value</c> → <c>mapped_data</c>; or an
/// <c>expression</c> evaluated per item (<c>item.price * 1.2</c>, <c>upper(name)</c>).
/// </summary>
/// <remarks>
/// As in Kailash: with <c>field</c>, a dictionary item is copied and its <c>field</c> (or <c>new_field</c>, when given)
/// set to the transformed value; without it the item itself is transformed. <c>multiply</c> and <c>add</c> work on
/// numbers (giving numbers with a fraction) and <c>add</c> joins strings. The input list and its items are never changed.
/// </remarks>
public sealed class Map : ListTransformNode
{
    private const string Data = "data";
    private const string Field = "field";
    private const string NewField = "new_field";
    private const string Operation = "operation";
    private const string Value = "value";
    private const string Expression = "expression";
    private const string Output = "mapped_data";

    private static readonly IReadOnlyList<object?> Operations = ["identity", "upper", "lower", "multiply", "add"];

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(Data, typeof(object)) { Required = true, Description = "The list to transform." },
        new(Field, typeof(string)) { Description = "The key transformed in dictionary items." },
        new(NewField, typeof(string)) { Description = "Where the transformed value goes (default: field itself)." },
        new(Operation, typeof(string)) { Default = "identity", HasDefault = true, Choices = Operations, Description = "identity, upper, lower, multiply or add." },
        new(Value, typeof(object)) { Description = "The operand of multiply and add." },
        new(Expression, typeof(string)) { Description = "Instead of operation: an expression evaluated per item (sees item, the item's keys and the other inputs)." },
    ];

    private ExpressionProgram? _expression;

    /// <summary>Initializes a new instance of the <see cref="Map"/> class.</summary>
    public Map()
        : base(Output)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var items = TransformSupport.RequireList(inputs, context, Data);
        var field = inputs.GetOrDefault<string?>(Field, null);
        var newField = inputs.GetOrDefault<string?>(NewField, null);
        var operation = inputs.GetOrDefault(Operation, "identity");
        var operand = ExpressionValues.Normalize(inputs.GetOrDefault<object?>(Value, null));
        var scope = new ItemScope(inputs);
        var mapped = new List<object?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var normalized = ExpressionValues.Normalize(item);
            if (normalized is not null && ExpressionValues.IsDictionary(normalized) && !string.IsNullOrEmpty(field))
            {
                var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in ExpressionValues.GetEntries(normalized))
                {
                    copy[entry.Key] = ExpressionValues.ToPlain(entry.Value);
                }

                copy.TryGetValue(field, out var current);
                scope.Item = item;
                copy[string.IsNullOrEmpty(newField) ? field : newField] = Transform(current, operation, operand, scope, context, i);
                mapped.Add(copy);
            }
            else if (normalized is not null && ExpressionValues.IsDictionary(normalized) && _expression is null)
            {
                mapped.Add(item);
            }
            else
            {
                scope.Item = item;
                mapped.Add(Transform(item, operation, operand, scope, context, i));
            }
        }

        return new Dictionary<string, object?>(1) { [Output] = mapped };
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        _expression = TransformSupport.ParseOptional(config, Expression, registry);
        if (config.TryGetValue(Operation, out var op) && op is not null && !Operations.Contains(op))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidChoice, $"Unknown operation '{op}'. Please use one of: identity, upper, lower, multiply, add (or an expression).", Operation);
        }
    }

    private object? Transform(object? value, string operation, object? operand, ItemScope scope, NodeContext context, int index)
    {
        if (_expression is { } program)
        {
            return TransformSupport.Evaluate(program, scope, context, Expression, index);
        }

        var normalized = ExpressionValues.Normalize(value);
        switch (operation)
        {
            case "identity":
                return value;
            case "upper":
                return PythonValues.Str(normalized).ToUpperInvariant();
            case "lower":
                return PythonValues.Str(normalized).ToLowerInvariant();
            case "add" when normalized is string text:
                return text + PythonValues.Str(operand);
        }

        if (ToDouble(normalized) is { } x && ToDouble(operand) is { } y)
        {
            return operation == "multiply" ? x * y : x + y;
        }

        throw new KailashException(
            ErrorCodes.InvalidTransformData,
            $"Map '{context.NodeId}', item {index}: '{operation}' needs numbers, but got {ExpressionValues.TypeName(normalized)} ({PythonValues.Str(normalized)}) and {ExpressionValues.TypeName(operand)} ({PythonValues.Str(operand)}). Please check 'value' and the data.",
            context.NodeId,
            Value);
    }

    private static double? ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
