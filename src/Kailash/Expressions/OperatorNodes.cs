using System.Collections;

namespace Kailash.Expressions;

/// <summary>Binary operators evaluated eagerly (both operands always evaluated).</summary>
internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
}

/// <summary>Unary minus or logical not.</summary>
internal sealed class UnaryNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _operand;
    private readonly bool _isNot;

    /// <summary>Initializes a unary operation.</summary>
    /// <param name="isNot"><see langword="true"/> for <c>!</c>, <see langword="false"/> for unary <c>-</c>.</param>
    /// <param name="operand">The operand.</param>
    /// <param name="start">Offset of the operator.</param>
    public UnaryNode(bool isNot, ExpressionTreeNode operand, int start)
        : base(start, operand.End, operand.Height + 1)
    {
        _isNot = isNot;
        _operand = operand;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var value = _operand.Evaluate(context);
        if (_isNot)
        {
            return value is bool b
                ? ExpressionValues.Box(!b)
                : throw context.Fail($"operator '!' requires a bool operand, but '{context.TextOf(_operand)}' is {ExpressionValues.TypeName(value)}");
        }

        return value switch
        {
            long l => (object)checked(-l),
            double d => -d,
            _ => throw context.Fail($"operator '-' requires a number, but '{context.TextOf(_operand)}' is {ExpressionValues.TypeName(value)}"),
        };
    }
}

/// <summary>Short-circuiting <c>&amp;&amp;</c> or <c>||</c>; both operands must be bool.</summary>
internal sealed class LogicalNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _left;
    private readonly ExpressionTreeNode _right;
    private readonly bool _isAnd;

    /// <summary>Initializes a logical operation.</summary>
    /// <param name="isAnd"><see langword="true"/> for <c>&amp;&amp;</c>, <see langword="false"/> for <c>||</c>.</param>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand, evaluated only when needed.</param>
    public LogicalNode(bool isAnd, ExpressionTreeNode left, ExpressionTreeNode right)
        : base(left.Start, right.End, Math.Max(left.Height, right.Height) + 1)
    {
        _isAnd = isAnd;
        _left = left;
        _right = right;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var left = RequireBool(context, _left);
        if (left != _isAnd)
        {
            return ExpressionValues.Box(left);
        }

        return ExpressionValues.Box(RequireBool(context, _right));
    }

    private bool RequireBool(EvaluationContext context, ExpressionTreeNode operand)
    {
        var value = operand.Evaluate(context);
        return value is bool b
            ? b
            : throw context.Fail(
                $"operator '{(_isAnd ? "&&" : "||")}' requires bool operands, but '{context.TextOf(operand)}' is {ExpressionValues.TypeName(value)}");
    }
}

/// <summary>The conditional operator <c>condition ? whenTrue : whenFalse</c>.</summary>
internal sealed class ConditionalNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _condition;
    private readonly ExpressionTreeNode _whenTrue;
    private readonly ExpressionTreeNode _whenFalse;

    /// <summary>Initializes a conditional.</summary>
    /// <param name="condition">The bool condition.</param>
    /// <param name="whenTrue">Evaluated when the condition is true.</param>
    /// <param name="whenFalse">Evaluated when the condition is false.</param>
    public ConditionalNode(ExpressionTreeNode condition, ExpressionTreeNode whenTrue, ExpressionTreeNode whenFalse)
        : base(condition.Start, whenFalse.End, Math.Max(condition.Height, Math.Max(whenTrue.Height, whenFalse.Height)) + 1)
    {
        _condition = condition;
        _whenTrue = whenTrue;
        _whenFalse = whenFalse;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var condition = _condition.Evaluate(context);
        if (condition is not bool b)
        {
            throw context.Fail(
                $"the condition of '?:' must be bool, but '{context.TextOf(_condition)}' is {ExpressionValues.TypeName(condition)}");
        }

        return b ? _whenTrue.Evaluate(context) : _whenFalse.Evaluate(context);
    }
}

/// <summary>Arithmetic, comparison and <c>in</c> operators.</summary>
internal sealed class BinaryNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _left;
    private readonly ExpressionTreeNode _right;
    private readonly BinaryOperator _operator;

    /// <summary>Initializes a binary operation.</summary>
    /// <param name="op">The operator.</param>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    public BinaryNode(BinaryOperator op, ExpressionTreeNode left, ExpressionTreeNode right)
        : base(left.Start, right.End, Math.Max(left.Height, right.Height) + 1)
    {
        _operator = op;
        _left = left;
        _right = right;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var left = _left.Evaluate(context);
        var right = _right.Evaluate(context);
        return _operator switch
        {
            BinaryOperator.Add => Add(context, left, right),
            BinaryOperator.Subtract or BinaryOperator.Multiply => SubtractOrMultiply(context, left, right),
            BinaryOperator.Divide or BinaryOperator.Modulo => DivideOrModulo(context, left, right),
            BinaryOperator.Equal => ExpressionValues.Box(ExpressionValues.AreEqual(left, right)),
            BinaryOperator.NotEqual => ExpressionValues.Box(!ExpressionValues.AreEqual(left, right)),
            BinaryOperator.In => ExpressionValues.Box(Contains(context, left, right)),
            _ => ExpressionValues.Box(Compare(context, left, right)),
        };
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        _ => "in",
    };

    private ExpressionEvaluationException TypeError(EvaluationContext context, object? left, object? right) =>
        context.Fail(
            $"operator '{Symbol(_operator)}' cannot be applied to '{context.TextOf(_left)}' ({ExpressionValues.TypeName(left)}) "
            + $"and '{context.TextOf(_right)}' ({ExpressionValues.TypeName(right)})");

    private object Add(EvaluationContext context, object? left, object? right)
    {
        if (left is long a && right is long b)
        {
            return checked(a + b);
        }

        if (left is string || right is string)
        {
            return string.Concat(ExpressionValues.Format(left), ExpressionValues.Format(right));
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            return x + y;
        }

        if (ExpressionValues.IsList(left) && ExpressionValues.IsList(right))
        {
            var list = new List<object?>(ExpressionValues.GetListCount(left!) + ExpressionValues.GetListCount(right!));
            AppendItems(list, left!);
            AppendItems(list, right!);
            return list;
        }

        throw TypeError(context, left, right);
    }

    private static void AppendItems(List<object?> list, object source)
    {
        var items = ExpressionValues.EnumerateList(source);
        while (items.MoveNext(out var item))
        {
            list.Add(ExpressionValues.ToPlain(item));
        }
    }

    private object SubtractOrMultiply(EvaluationContext context, object? left, object? right)
    {
        var multiply = _operator == BinaryOperator.Multiply;
        if (left is long a && right is long b)
        {
            return multiply ? checked(a * b) : checked(a - b);
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            return multiply ? x * y : x - y;
        }

        throw TypeError(context, left, right);
    }

    private object DivideOrModulo(EvaluationContext context, object? left, object? right)
    {
        var modulo = _operator == BinaryOperator.Modulo;
        if (left is long a && right is long b)
        {
            if (b == 0)
            {
                throw context.Fail("division by zero");
            }

            return modulo ? a % b : a / b;
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            if (y == 0)
            {
                throw context.Fail("division by zero");
            }

            return modulo ? x % y : x / y;
        }

        throw TypeError(context, left, right);
    }

    private bool Compare(EvaluationContext context, object? left, object? right)
    {
        int order;
        if (left is long a && right is long b)
        {
            order = a.CompareTo(b);
        }
        else if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            // IEEE semantics: every ordered comparison involving NaN is false.
            return _operator switch
            {
                BinaryOperator.Less => x < y,
                BinaryOperator.LessOrEqual => x <= y,
                BinaryOperator.Greater => x > y,
                _ => x >= y,
            };
        }
        else if (left is string s && right is string t)
        {
            order = string.CompareOrdinal(s, t);
        }
        else if (left is IComparable comparable and not bool && right is not null && left.GetType() == right.GetType())
        {
            order = comparable.CompareTo(right);
        }
        else
        {
            throw TypeError(context, left, right);
        }

        return _operator switch
        {
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private bool Contains(EvaluationContext context, object? item, object? container)
    {
        switch (container)
        {
            case null:
                throw context.Fail($"the right operand of 'in' is null ('{context.TextOf(_right)}')");
            case string text:
                return item is string part
                    ? text.Contains(part, StringComparison.Ordinal)
                    : throw context.Fail(
                        $"'in' with a string on the right needs a string on the left, but '{context.TextOf(_left)}' is {ExpressionValues.TypeName(item)}");
        }

        if (ExpressionValues.IsList(container))
        {
            var items = ExpressionValues.EnumerateList(container);
            while (items.MoveNext(out var candidate))
            {
                if (ExpressionValues.AreEqual(item, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        if (ExpressionValues.IsDictionary(container))
        {
            return item is string key && ExpressionValues.LookupKey(container, key, out _) == KeyLookup.Found;
        }

        if (container is IEnumerable sequence)
        {
            foreach (var candidate in sequence)
            {
                if (ExpressionValues.AreEqual(item, ExpressionValues.Normalize(candidate)))
                {
                    return true;
                }
            }

            return false;
        }

        throw context.Fail(
            $"'in' needs a list, dictionary or string on the right, but '{context.TextOf(_right)}' is {ExpressionValues.TypeName(container)}");
    }
}
