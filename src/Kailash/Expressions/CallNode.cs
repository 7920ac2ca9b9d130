namespace Kailash.Expressions;

/// <summary>A call of a built-in or application-registered function.</summary>
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

    /// <summary>Gets the function.</summary>
    public FunctionInfo Function => _function;

    /// <summary>Gets the argument expressions (for a method call, the receiver first).</summary>
    public ExpressionTreeNode[] Arguments => _arguments;

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
            case BuiltinFunction.Abs:
            case BuiltinFunction.Floor:
            case BuiltinFunction.Ceil:
            case BuiltinFunction.Round:
            case BuiltinFunction.Sqrt:
                return Numeric(context);
            case BuiltinFunction.Custom:
                return CallCustom(context);
            default:
                return BuiltinFunctions.Evaluate(this, context);
        }
    }

    private object? CallCustom(EvaluationContext context)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ExpressionValues.ToPlain(_arguments[i].Evaluate(context));
        }

        object? result;
        try
        {
            result = _function.Custom!(arguments);
        }
        catch (ExpressionEvaluationException)
        {
            throw;
        }
#pragma warning disable CA1031 // An application's function may throw anything; it becomes a coded evaluation error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new ExpressionEvaluationException(context.Source, $"function '{_function.Name}' failed: {ex.Message.TrimEnd('.')}", ex);
        }

        return ExpressionValues.Normalize(result);
    }

    private object Numeric(EvaluationContext context)
    {
        var value = _arguments[0].Evaluate(context);
        if (value is not (long or double))
        {
            throw context.Fail(
                $"{_function.Name}() expects a number, but '{context.TextOf(_arguments[0])}' is {ExpressionValues.TypeName(value)}");
        }

        switch (_function.Function)
        {
            case BuiltinFunction.Abs:
                return value is long l ? (object)checked(Math.Abs(l)) : Math.Abs((double)value);
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

    /// <summary>Python's round: halves go to the even neighbour; one argument gives an integer, two give a number.</summary>
    private object RoundNumber(EvaluationContext context, object value)
    {
        if (_arguments.Length == 1)
        {
            if (value is long)
            {
                return value;
            }

            var rounded = Math.Round((double)value, MidpointRounding.ToEven);
            return rounded is >= long.MinValue and < long.MaxValue
                ? (long)rounded
                : throw context.Fail($"round() of {ExpressionValues.Format(value)} does not fit in an integer");
        }

        var digitsValue = _arguments[1].Evaluate(context);
        if (digitsValue is not long d || d is < 0 or > 15)
        {
            throw context.Fail(
                $"round() expects a number of digits from 0 to 15, but '{context.TextOf(_arguments[1])}' is {ExpressionValues.Format(digitsValue)}");
        }

        return value is long ? value : Math.Round((double)value, (int)d, MidpointRounding.ToEven);
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
