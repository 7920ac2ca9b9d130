using System.Globalization;
using Kailash.Expressions;

namespace Kailash.Nodes.Transform;

/// <summary>
/// Keeps the items of a list that match a condition (Kailash's <c>FilterNode</c>): <c>data</c>, <c>field</c>,
/// <c>operator</c> (<c>== != &gt; &lt; &gt;= &lt;= contains</c>), <c>value</c> → <c>filtered_data</c>; or an
/// <c>expression</c> evaluated per item (<c>item.age &gt;= 18 and country == 'NZ'</c>).
/// </summary>
/// <remarks>
/// As in Kailash: with <c>field</c>, a dictionary item is compared by that key; a missing value (None) matches only
/// <c>== None</c> and <c>!= None</c>; ordering operators compare numbers, converting numeric strings (<c>"42"</c>); an
/// item whose value cannot be compared does not match. A per-item expression sees <c>item</c>, the item's keys and the
/// node's other inputs, must produce a bool, and fails the node (code <c>KWF047</c>, naming the item) when it cannot be evaluated.
/// </remarks>
public sealed class FilterNode : ListTransformNode
{
    private const string Data = "data";
    private const string Field = "field";
    private const string Operator = "operator";
    private const string Value = "value";
    private const string Expression = "expression";
    private const string Output = "filtered_data";

    private static readonly IReadOnlyList<object?> Operators = ["==", "!=", ">", "<", ">=", "<=", "contains"];

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(Data, typeof(object)) { Required = true, Description = "The list to filter." },
        new(Field, typeof(string)) { Description = "The key compared in dictionary items; without it the item itself is compared." },
        new(Operator, typeof(string)) { Default = "==", HasDefault = true, Choices = Operators, Description = "The comparison: ==, !=, >, <, >=, <= or contains." },
        new(Value, typeof(object)) { Description = "The value compared against." },
        new(Expression, typeof(string)) { Description = "Instead of field/operator/value: a condition evaluated per item (sees item, the item's keys and the other inputs)." },
    ];

    private ExpressionProgram? _expression;

    /// <summary>Initializes a new instance of the <see cref="FilterNode"/> class.</summary>
    public FilterNode()
        : base(Output)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var items = TransformSupport.RequireList(inputs, context, Data);
        var kept = new List<object?>(items.Count);
        if (_expression is { } program)
        {
            var scope = new ItemScope(inputs);
            for (var i = 0; i < items.Count; i++)
            {
                scope.Item = items[i];
                var verdict = TransformSupport.Evaluate(program, scope, context, Expression, i);
                if (verdict is not bool keep)
                {
                    throw new KailashException(ErrorCodes.ExpressionEvaluationFailed, $"FilterNode '{context.NodeId}', item {i}: the expression '{program.Source}' must produce True or False, but produced {ExpressionValues.TypeName(verdict)}. Please compare with ==, <, in ...", context.NodeId, Expression);
                }

                if (keep)
                {
                    kept.Add(items[i]);
                }
            }

            return new Dictionary<string, object?>(1) { [Output] = kept };
        }

        var field = inputs.GetOrDefault<string?>(Field, null);
        var op = inputs.GetOrDefault(Operator, "==");
        var expected = ExpressionValues.Normalize(inputs.GetOrDefault<object?>(Value, null));
        foreach (var item in items)
        {
            var actual = ExpressionValues.Normalize(item);
            if (!string.IsNullOrEmpty(field) && actual is not null && ExpressionValues.IsDictionary(actual))
            {
                actual = ExpressionValues.LookupKey(actual, field, out var fieldValue) == KeyLookup.Found ? fieldValue : null;
            }

            if (Matches(actual, op, expected))
            {
                kept.Add(item);
            }
        }

        return new Dictionary<string, object?>(1) { [Output] = kept };
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        _expression = TransformSupport.ParseOptional(config, Expression, registry);
        if (config.TryGetValue(Operator, out var op) && op is not null && !Operators.Contains(op))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidChoice, $"Unknown operator '{op}'. Please use one of: ==, !=, >, <, >=, <=, contains.", Operator);
        }
    }

    /// <summary>Kailash's comparison: None only equals None; ordering converts numeric strings; incomparable values do not match.</summary>
    private static bool Matches(object? actual, string op, object? expected)
    {
        if (actual is null)
        {
            return op switch
            {
                "==" => expected is null,
                "!=" => expected is not null,
                _ => false,
            };
        }

        switch (op)
        {
            case "==":
                return ExpressionValues.AreEqual(actual, expected);
            case "!=":
                return !ExpressionValues.AreEqual(actual, expected);
            case "contains":
                return expected is string part && PythonValues.Str(actual).Contains(part, StringComparison.Ordinal);
        }

        var left = ToNumberIfNumeric(actual);
        var right = ToNumberIfNumeric(expected);
        int order;
        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            order = x.CompareTo(y);
        }
        else if (left is string s && right is string t)
        {
            order = string.CompareOrdinal(s, t);
        }
        else
        {
            return false;
        }

        return op switch
        {
            ">" => order > 0,
            "<" => order < 0,
            ">=" => order >= 0,
            _ => order <= 0,
        };
    }

    private static object? ToNumberIfNumeric(object? value)
        => value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
}
