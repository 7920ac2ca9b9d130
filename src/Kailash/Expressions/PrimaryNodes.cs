namespace Kailash.Expressions;

/// <summary>A literal: integer, number, string, bool or null.</summary>
internal sealed class LiteralNode : ExpressionTreeNode
{
    private readonly object? _value;

    /// <summary>Initializes a literal.</summary>
    /// <param name="value">The normalized constant value.</param>
    /// <param name="start">Start offset.</param>
    /// <param name="end">End offset.</param>
    public LiteralNode(object? value, int start, int end)
        : base(start, end, 1)
    {
        _value = value;
    }

    /// <summary>Gets the constant value.</summary>
    public object? Value => _value;

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context) => _value;
}

/// <summary>A root identifier, resolved through the scope.</summary>
internal sealed class IdentifierNode : ExpressionTreeNode
{
    /// <summary>Initializes an identifier reference.</summary>
    /// <param name="name">The identifier.</param>
    /// <param name="start">Start offset.</param>
    /// <param name="end">End offset.</param>
    public IdentifierNode(string name, int start, int end)
        : base(start, end, 1)
    {
        Name = name;
    }

    /// <summary>Gets the identifier.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        if (context.Scope.TryGetValue(Name, out var value))
        {
            return ExpressionValues.Normalize(value);
        }

        throw context.Fail($"unknown identifier '{Name}'. Available: {ExpressionValues.JoinNames(context.Scope.GetAvailableNames())}");
    }
}

/// <summary>A list literal such as <c>[1, 2, 3]</c>; evaluates to a new <see cref="List{T}"/>.</summary>
internal sealed class ListNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode[] _items;

    /// <summary>Initializes a list literal.</summary>
    /// <param name="items">The item expressions.</param>
    /// <param name="start">Start offset.</param>
    /// <param name="end">End offset.</param>
    /// <param name="height">Height of the subtree.</param>
    public ListNode(ExpressionTreeNode[] items, int start, int end, int height)
        : base(start, end, height)
    {
        _items = items;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var list = new List<object?>(_items.Length);
        foreach (var item in _items)
        {
            list.Add(ExpressionValues.ToPlain(item.Evaluate(context)));
        }

        return list;
    }
}

/// <summary>A parenthesized expression; it ends any null-conditional chain inside it.</summary>
internal sealed class GroupNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _inner;

    /// <summary>Initializes a group.</summary>
    /// <param name="inner">The inner expression.</param>
    /// <param name="start">Offset of the opening parenthesis.</param>
    /// <param name="end">Offset just past the closing parenthesis.</param>
    public GroupNode(ExpressionTreeNode inner, int start, int end)
        : base(start, end, inner.Height + 1)
    {
        _inner = inner;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context) => _inner.Evaluate(context);
}
