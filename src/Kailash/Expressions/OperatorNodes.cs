namespace Kailash.Expressions;

// The operator nodes of the expression tree. The file is over 400 lines on purpose: the unary, logical, conditional,
// identity and binary operators are small types whose Python-compatible semantics (integer/float arithmetic, short
// circuits, truthiness) are reviewed as one table, which splitting them across files would hide.

/// <summary>Binary operators evaluated eagerly (both operands always evaluated).</summary>
internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    FloorDivide,
    Modulo,
    Power,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
}

/// <summary>The unary operators.</summary>
internal enum UnaryOperator
{
    /// <summary>C#'s <c>!</c>: the operand must be a bool.</summary>
    Not,

    /// <summary>Python's <c>not</c>: negates the operand's truthiness.</summary>
    PythonNot,

    /// <summary>Unary <c>-</c>.</summary>
    Negate,

    /// <summary>Unary <c>+</c>.</summary>
    Plus,
}

/// <summary>Unary minus, unary plus or logical not.</summary>
internal sealed class UnaryNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _operand;
    private readonly UnaryOperator _operator;

    /// <summary>Initializes a unary operation.</summary>
    /// <param name="op">The operator.</param>
    /// <param name="operand">The operand.</param>
    /// <param name="start">Offset of the operator.</param>
    public UnaryNode(UnaryOperator op, ExpressionTreeNode operand, int start)
        : base(start, operand.End, operand.Height + 1)
    {
        _operator = op;
        _operand = operand;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var value = _operand.Evaluate(context);
        switch (_operator)
        {
            case UnaryOperator.Not:
                return value is bool b
                    ? ExpressionValues.Box(!b)
                    : throw context.Fail($"operator '!' requires a bool operand, but '{context.TextOf(_operand)}' is {ExpressionValues.TypeName(value)} (use 'not' to test truthiness)");
            case UnaryOperator.PythonNot:
                return ExpressionValues.Box(!PythonValues.IsTruthy(value));
        }

        var symbol = _operator == UnaryOperator.Negate ? "-" : "+";
        return value switch
        {
            long l => (object)(_operator == UnaryOperator.Negate ? checked(-l) : l),
            double d => _operator == UnaryOperator.Negate ? -d : d,
            _ => throw context.Fail($"operator '{symbol}' requires a number, but '{context.TextOf(_operand)}' is {ExpressionValues.TypeName(value)}"),
        };
    }
}

/// <summary>
/// Short-circuiting <c>&amp;&amp;</c>/<c>||</c> (both operands must be bool) or Python's <c>and</c>/<c>or</c>
/// (truthiness; the result is the operand that decided, as in Python: <c>name or 'anonymous'</c>).
/// </summary>
internal sealed class LogicalNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _left;
    private readonly ExpressionTreeNode _right;
    private readonly bool _isAnd;
    private readonly bool _python;

    /// <summary>Initializes a logical operation.</summary>
    /// <param name="isAnd"><see langword="true"/> for and, <see langword="false"/> for or.</param>
    /// <param name="python"><see langword="true"/> for the Python keywords (truthiness), <see langword="false"/> for the C# symbols.</param>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand, evaluated only when needed.</param>
    public LogicalNode(bool isAnd, bool python, ExpressionTreeNode left, ExpressionTreeNode right)
        : base(left.Start, right.End, Math.Max(left.Height, right.Height) + 1)
    {
        _isAnd = isAnd;
        _python = python;
        _left = left;
        _right = right;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        if (_python)
        {
            var value = _left.Evaluate(context);
            return PythonValues.IsTruthy(value) != _isAnd ? value : _right.Evaluate(context);
        }

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
                $"operator '{(_isAnd ? "&&" : "||")}' requires bool operands, but '{context.TextOf(operand)}' is {ExpressionValues.TypeName(value)} (use '{(_isAnd ? "and" : "or")}' to test truthiness)");
    }
}

/// <summary>The conditional operator <c>condition ? whenTrue : whenFalse</c> or Python's <c>whenTrue if condition else whenFalse</c>.</summary>
internal sealed class ConditionalNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _condition;
    private readonly ExpressionTreeNode _whenTrue;
    private readonly ExpressionTreeNode _whenFalse;
    private readonly bool _python;

    /// <summary>Initializes a conditional.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="whenTrue">Evaluated when the condition is true.</param>
    /// <param name="whenFalse">Evaluated when the condition is false.</param>
    /// <param name="python"><see langword="true"/> for the Python form, whose condition is tested for truthiness.</param>
    public ConditionalNode(ExpressionTreeNode condition, ExpressionTreeNode whenTrue, ExpressionTreeNode whenFalse, bool python)
        : base(Math.Min(condition.Start, whenTrue.Start), Math.Max(whenFalse.End, condition.End), Math.Max(condition.Height, Math.Max(whenTrue.Height, whenFalse.Height)) + 1)
    {
        _condition = condition;
        _whenTrue = whenTrue;
        _whenFalse = whenFalse;
        _python = python;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var condition = _condition.Evaluate(context);
        bool b;
        if (_python)
        {
            b = PythonValues.IsTruthy(condition);
        }
        else if (condition is bool flag)
        {
            b = flag;
        }
        else
        {
            throw context.Fail(
                $"the condition of '?:' must be bool, but '{context.TextOf(_condition)}' is {ExpressionValues.TypeName(condition)}");
        }

        return b ? _whenTrue.Evaluate(context) : _whenFalse.Evaluate(context);
    }
}

/// <summary>Python's <c>x is None</c>, <c>x is not None</c>, <c>x is True</c>: identity with None, True or False.</summary>
internal sealed class IsNode : ExpressionTreeNode
{
    private readonly ExpressionTreeNode _operand;
    private readonly object? _constant;
    private readonly bool _negated;

    /// <summary>Initializes an identity test.</summary>
    /// <param name="operand">The tested value.</param>
    /// <param name="constant">None (<see langword="null"/>) or a bool.</param>
    /// <param name="negated"><see langword="true"/> for <c>is not</c>.</param>
    /// <param name="end">Offset just past the constant.</param>
    public IsNode(ExpressionTreeNode operand, object? constant, bool negated, int end)
        : base(operand.Start, end, operand.Height + 1)
    {
        _operand = operand;
        _constant = constant;
        _negated = negated;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        var value = _operand.Evaluate(context);
        var same = _constant is null ? value is null : value is bool b && b == (bool)_constant;
        return ExpressionValues.Box(same != _negated);
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
            BinaryOperator.Divide => Divide(context, left, right),
            BinaryOperator.FloorDivide or BinaryOperator.Modulo => FloorDivideOrModulo(context, left, right),
            BinaryOperator.Power => Power(context, left, right),
            BinaryOperator.Equal => ExpressionValues.Box(ExpressionValues.AreEqual(left, right)),
            BinaryOperator.NotEqual => ExpressionValues.Box(!ExpressionValues.AreEqual(left, right)),
            BinaryOperator.In => ExpressionValues.Box(BuiltinFunctions.Contains(context, left, right, _left, _right)),
            _ => ExpressionValues.Box(Compare(context, left, right)),
        };
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.FloorDivide => "//",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Power => "**",
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
            return BuiltinFunctions.Bounded(context, string.Concat(ExpressionValues.Format(left), ExpressionValues.Format(right)));
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

    /// <summary>True division, as in Python: 3 / 4 is 0.75 even for two integers.</summary>
    private double Divide(EvaluationContext context, object? left, object? right)
    {
        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            return y == 0 ? throw context.Fail("division by zero") : x / y;
        }

        throw TypeError(context, left, right);
    }

    /// <summary>Floor division and modulo, as in Python: the quotient rounds down and the remainder takes the divisor's sign.</summary>
    private object FloorDivideOrModulo(EvaluationContext context, object? left, object? right)
    {
        var modulo = _operator == BinaryOperator.Modulo;
        if (left is long a && right is long b)
        {
            if (b == 0)
            {
                throw context.Fail(modulo ? "modulo by zero" : "division by zero");
            }

            if (b == -1)
            {
                return modulo ? 0L : checked(-a);
            }

            var quotient = a / b;
            var remainder = a % b;
            if (remainder != 0 && (remainder < 0) != (b < 0))
            {
                quotient--;
                remainder += b;
            }

            return modulo ? remainder : quotient;
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            if (y == 0)
            {
                throw context.Fail(modulo ? "modulo by zero" : "division by zero");
            }

            var floor = Math.Floor(x / y);
            return modulo ? x - (floor * y) : floor;
        }

        throw TypeError(context, left, right);
    }

    /// <summary>Exponentiation: integer ** non-negative integer stays an integer (overflow is an error); otherwise a number.</summary>
    private object Power(EvaluationContext context, object? left, object? right)
    {
        if (left is long a && right is long b && b >= 0)
        {
            long result = 1;
            var power = a;
            var exponent = b;
            while (exponent > 0)
            {
                if ((exponent & 1) == 1)
                {
                    result = checked(result * power);
                }

                exponent >>= 1;
                if (exponent > 0)
                {
                    power = checked(power * power);
                }
            }

            return result;
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            if (x == 0 && y < 0)
            {
                throw context.Fail("0 cannot be raised to a negative power");
            }

            var value = Math.Pow(x, y);
            return double.IsNaN(value) && !double.IsNaN(x) && !double.IsNaN(y)
                ? throw context.Fail($"{ExpressionValues.Format(left)} ** {ExpressionValues.Format(right)} has no real result")
                : value;
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
}
