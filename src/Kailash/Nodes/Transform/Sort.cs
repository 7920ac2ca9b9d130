using Kailash.Expressions;

namespace Kailash.Nodes.Transform;

/// <summary>
/// Sorts a list (Kailash's <c>Sort</c>): <c>data</c>, <c>field</c> (the key of dictionary items), <c>reverse</c> →
/// <c>sorted_data</c>; or a per-item <c>expression</c> giving the sort key (<c>len(name)</c>).
/// </summary>
/// <remarks>
/// The sort is stable. Numbers sort numerically, strings ordinally, bools false before true; None sorts first (last with
/// <c>reverse</c>). Keys of different kinds (a number and a string) cannot be ordered: the node fails with <c>KWF080</c>,
/// where Python would raise a <c>TypeError</c>.
/// </remarks>
public sealed class Sort : ListTransformNode
{
    private const string Data = "data";
    private const string Field = "field";
    private const string Reverse = "reverse";
    private const string Expression = "expression";
    private const string Output = "sorted_data";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(Data, typeof(object)) { Required = true, Description = "The list to sort." },
        new(Field, typeof(string)) { Description = "The key of dictionary items to sort by; without it the items themselves are compared." },
        new(Reverse, typeof(bool)) { Default = false, HasDefault = true, Description = "Sort in descending order." },
        new(Expression, typeof(string)) { Description = "Instead of field: an expression giving each item's sort key." },
    ];

    private ExpressionProgram? _expression;

    /// <summary>Initializes a new instance of the <see cref="Sort"/> class.</summary>
    public Sort()
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
        var reverse = inputs.GetOrDefault(Reverse, false);
        var keys = new object?[items.Count];
        var scope = new ItemScope(inputs);
        for (var i = 0; i < items.Count; i++)
        {
            var item = ExpressionValues.Normalize(items[i]);
            if (_expression is { } program)
            {
                scope.Item = items[i];
                keys[i] = ExpressionValues.Normalize(TransformSupport.Evaluate(program, scope, context, Expression, i));
            }
            else if (!string.IsNullOrEmpty(field) && item is not null && ExpressionValues.IsDictionary(item))
            {
                keys[i] = ExpressionValues.LookupKey(item, field, out var value) == KeyLookup.Found ? value : null;
            }
            else
            {
                keys[i] = item;
            }
        }

        var order = Enumerable.Range(0, items.Count).ToArray();
        try
        {
            // Stable: ties keep input order in both directions.
            var comparer = Comparer<int>.Create((a, b) =>
            {
                var byKey = CompareKeys(keys[a], keys[b]);
                return byKey != 0 ? (reverse ? -byKey : byKey) : a.CompareTo(b);
            });
            Array.Sort(order, comparer);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is IncomparableKeysException inner)
        {
            throw new KailashException(ErrorCodes.InvalidTransformData, $"Sort '{context.NodeId}': {inner.Message} Please sort by a field whose values are all numbers or all strings.", context.NodeId, string.IsNullOrEmpty(field) ? Data : Field);
        }

        var sorted = new List<object?>(items.Count);
        foreach (var index in order)
        {
            sorted.Add(items[index]);
        }

        return new Dictionary<string, object?>(1) { [Output] = sorted };
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        _expression = TransformSupport.ParseOptional(config, Expression, registry);
    }

    private static int CompareKeys(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        if (ExpressionValues.TryGetNumber(a, out var x) && ExpressionValues.TryGetNumber(b, out var y))
        {
            return a is long l && b is long m ? l.CompareTo(m) : x.CompareTo(y);
        }

        return (a, b) switch
        {
            (string s, string t) => string.CompareOrdinal(s, t),
            (bool p, bool q) => p.CompareTo(q),
            _ => throw new IncomparableKeysException($"{ExpressionValues.TypeName(a)} '{PythonValues.Str(a)}' and {ExpressionValues.TypeName(b)} '{PythonValues.Str(b)}' cannot be ordered."),
        };
    }

    private sealed class IncomparableKeysException(string message) : Exception(message);
}
