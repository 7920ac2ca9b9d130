namespace Kailash.Expressions;

/// <summary>The built-in helper functions.</summary>
internal enum BuiltinFunction
{
    Abs,
    Min,
    Max,
    Len,
    Round,
    Floor,
    Ceil,
    Sqrt,
}

/// <summary>Name and arity of a built-in function.</summary>
/// <param name="Name">The name used in expressions.</param>
/// <param name="Function">The function.</param>
/// <param name="MinArguments">Minimum argument count.</param>
/// <param name="MaxArguments">Maximum argument count.</param>
internal sealed record FunctionInfo(string Name, BuiltinFunction Function, int MinArguments, int MaxArguments)
{
    /// <summary>Describes the accepted argument count, e.g. <c>1 argument</c>.</summary>
    /// <returns>The description.</returns>
    public string DescribeArity() => (MinArguments, MaxArguments) switch
    {
        (1, 1) => "1 argument",
        (var min, int.MaxValue) => $"at least {min} argument{(min == 1 ? string.Empty : "s")}",
        (var min, var max) when min == max => $"{min} arguments",
        (var min, var max) => $"{min} to {max} arguments",
    };
}

/// <summary>Resolves built-in function names at parse time.</summary>
internal static class ExpressionFunctions
{
    /// <summary>The names of all built-in functions, for error messages.</summary>
    public const string AvailableNames = "abs, ceil, floor, len, max, min, round, sqrt";

    private static readonly FunctionInfo Abs = new("abs", BuiltinFunction.Abs, 1, 1);
    private static readonly FunctionInfo Min = new("min", BuiltinFunction.Min, 1, int.MaxValue);
    private static readonly FunctionInfo Max = new("max", BuiltinFunction.Max, 1, int.MaxValue);
    private static readonly FunctionInfo Len = new("len", BuiltinFunction.Len, 1, 1);
    private static readonly FunctionInfo Round = new("round", BuiltinFunction.Round, 1, 2);
    private static readonly FunctionInfo Floor = new("floor", BuiltinFunction.Floor, 1, 1);
    private static readonly FunctionInfo Ceil = new("ceil", BuiltinFunction.Ceil, 1, 1);
    private static readonly FunctionInfo Sqrt = new("sqrt", BuiltinFunction.Sqrt, 1, 1);

    /// <summary>Looks a function up by its (case-sensitive) name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The function, or <see langword="null"/> when unknown.</returns>
    public static FunctionInfo? Find(string name) => name switch
    {
        "abs" => Abs,
        "min" => Min,
        "max" => Max,
        "len" => Len,
        "round" => Round,
        "floor" => Floor,
        "ceil" => Ceil,
        "sqrt" => Sqrt,
        _ => null,
    };
}

/// <summary>A call of a built-in function.</summary>
internal sealed class CallNode : ExpressionTreeNode
{
    private readonly FunctionInfo _function;
    private readonly ExpressionTreeNode[] _arguments;

    /// <summary>Initializes a call.</summary>
    /// <param name="function">The function.</param>
    /// <param name="arguments">The argument expressions (arity already checked).</param>
    /// <param name="start">Offset of the function name.</param>
    /// <param name="end">Offset just past the closing parenthesis.</param>
    /// <param name="height">Height of the subtree.</param>
    public CallNode(FunctionInfo function, ExpressionTreeNode[] arguments, int start, int end, int height)
        : base(start, end, height)
    {
        _function = function;
        _arguments = arguments;
    }

    /// <inheritdoc />
    public override object? Evaluate(EvaluationContext context)
    {
        switch (_function.Function)
        {
            case BuiltinFunction.Min:
            case BuiltinFunction.Max:
                return MinOrMax(context);
            case BuiltinFunction.Len:
                return Length(context);
        }

        var value = _arguments[0].Evaluate(context);
        if (value is not (long or double))
        {
            throw context.Fail(
                $"{_function.Name}() expects a number, but '{context.TextOf(_arguments[0])}' is {ExpressionValues.TypeName(value)}");
        }

        switch (_function.Function)
        {
            case BuiltinFunction.Abs:
                return value is long l ? Math.Abs(l) : (object)Math.Abs((double)value);
            case BuiltinFunction.Floor:
                return value is long ? value : Math.Floor((double)value);
            case BuiltinFunction.Ceil:
                return value is long ? value : Math.Ceiling((double)value);
            case BuiltinFunction.Round:
                return RoundNumber(context, value);
            default:
                var number = value is long i ? i : (double)value;
                return number < 0
                    ? throw context.Fail($"sqrt() of a negative number ('{context.TextOf(_arguments[0])}' is {ExpressionValues.Format(value)})")
                    : Math.Sqrt(number);
        }
    }

    private object RoundNumber(EvaluationContext context, object value)
    {
        var digits = 0L;
        if (_arguments.Length == 2)
        {
            var digitsValue = _arguments[1].Evaluate(context);
            if (digitsValue is not long d || d is < 0 or > 15)
            {
                throw context.Fail(
                    $"round() expects a number of digits from 0 to 15, but '{context.TextOf(_arguments[1])}' is {ExpressionValues.Format(digitsValue)}");
            }

            digits = d;
        }

        return value is long ? value : Math.Round((double)value, (int)digits, MidpointRounding.AwayFromZero);
    }

    private long Length(EvaluationContext context)
    {
        var value = _arguments[0].Evaluate(context);
        if (value is string s)
        {
            return s.Length;
        }

        if (ExpressionValues.IsList(value))
        {
            return ExpressionValues.GetListCount(value!);
        }

        if (ExpressionValues.IsDictionary(value))
        {
            return ExpressionValues.GetDictionaryCount(value!);
        }

        throw context.Fail(
            $"len() expects a string, list or dictionary, but '{context.TextOf(_arguments[0])}' is {ExpressionValues.TypeName(value)}");
    }

    private object? MinOrMax(EvaluationContext context)
    {
        var wantMax = _function.Function == BuiltinFunction.Max;
        object? best = null;
        var hasBest = false;
        if (_arguments.Length == 1)
        {
            var list = _arguments[0].Evaluate(context);
            if (!ExpressionValues.IsList(list))
            {
                throw context.Fail(
                    $"{_function.Name}() with one argument expects a list, but '{context.TextOf(_arguments[0])}' is {ExpressionValues.TypeName(list)}");
            }

            var items = ExpressionValues.EnumerateList(list!);
            while (items.MoveNext(out var item))
            {
                Consider(context, item, wantMax, ref best, ref hasBest);
            }

            return hasBest ? best : throw context.Fail($"{_function.Name}() of an empty list");
        }

        foreach (var argument in _arguments)
        {
            Consider(context, argument.Evaluate(context), wantMax, ref best, ref hasBest);
        }

        return best;
    }

    private void Consider(EvaluationContext context, object? candidate, bool wantMax, ref object? best, ref bool hasBest)
    {
        if (candidate is not (long or double or string))
        {
            throw context.Fail($"{_function.Name}() accepts numbers or strings, but got {ExpressionValues.TypeName(candidate)}");
        }

        if (!hasBest)
        {
            best = candidate;
            hasBest = true;
            return;
        }

        int order;
        if (candidate is long a && best is long b)
        {
            order = a.CompareTo(b);
        }
        else if (ExpressionValues.TryGetNumber(candidate, out var x) && ExpressionValues.TryGetNumber(best, out var y))
        {
            order = x.CompareTo(y);
        }
        else if (candidate is string s && best is string t)
        {
            order = string.CompareOrdinal(s, t);
        }
        else
        {
            throw context.Fail(
                $"{_function.Name}() cannot compare {ExpressionValues.TypeName(candidate)} with {ExpressionValues.TypeName(best)}");
        }

        if (wantMax ? order > 0 : order < 0)
        {
            best = candidate;
        }
    }
}
