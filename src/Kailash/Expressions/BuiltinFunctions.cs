using System.Collections;
using System.Globalization;
using System.Text;

namespace Kailash.Expressions;

/// <summary>
/// The built-in functions borrowed from Python: <c>sum any all</c>, conversions <c>str int float bool</c>, the string
/// helpers <c>upper lower strip startswith endswith contains split join replace</c> and <c>get</c> for dictionaries.
/// String helpers take the string first, so <c>name.upper()</c> and <c>upper(name)</c> are the same call.
/// </summary>
internal static class BuiltinFunctions
{
    /// <summary>The longest string an expression may build (characters); bounds memory for hostile inputs.</summary>
    public const int MaxStringLength = 1 << 24;

    /// <summary>Evaluates a call of one of the functions this class implements.</summary>
    /// <param name="call">The call.</param>
    /// <param name="context">The evaluation context.</param>
    /// <returns>The result.</returns>
    public static object? Evaluate(CallNode call, EvaluationContext context)
    {
        var args = call.Arguments;
        var first = args[0].Evaluate(context);
        switch (call.Function.Function)
        {
            case BuiltinFunction.Sum:
                return Sum(call, context, first);
            case BuiltinFunction.Any:
            case BuiltinFunction.All:
                return AnyOrAll(call, context, first);
            case BuiltinFunction.Str:
                return Bounded(context, PythonValues.Str(first));
            case BuiltinFunction.Int:
                return ToInt(call, context, first);
            case BuiltinFunction.Float:
                return ToFloat(call, context, first);
            case BuiltinFunction.Bool:
                return ExpressionValues.Box(PythonValues.IsTruthy(first));
            case BuiltinFunction.Contains:
                return ExpressionValues.Box(Contains(context, args[1].Evaluate(context), first, args[1], args[0]));
            case BuiltinFunction.Get:
                return Get(call, context, first);
            case BuiltinFunction.Join:
                return Join(call, context, first, args[1].Evaluate(context));
        }

        var text = RequireString(call, context, 0, first);
        switch (call.Function.Function)
        {
            case BuiltinFunction.Upper:
                return text.ToUpperInvariant();
            case BuiltinFunction.Lower:
                return text.ToLowerInvariant();
            case BuiltinFunction.Strip:
                return args.Length == 1 ? text.Trim() : text.Trim(RequireString(call, context, 1, args[1].Evaluate(context)).ToCharArray());
            case BuiltinFunction.StartsWith:
            case BuiltinFunction.EndsWith:
                return ExpressionValues.Box(StartsOrEndsWith(call, context, text, args[1].Evaluate(context)));
            case BuiltinFunction.Split:
                return Split(call, context, text);
            default:
                return Replace(call, context, text);
        }
    }

    /// <summary>
    /// Membership, shared by the <c>in</c> operator and <c>contains()</c>: a substring of a string, an item of a list,
    /// a key of a dictionary.
    /// </summary>
    /// <param name="context">The evaluation context.</param>
    /// <param name="item">The value looked for.</param>
    /// <param name="container">The string, list or dictionary.</param>
    /// <param name="itemNode">The item's expression, for messages.</param>
    /// <param name="containerNode">The container's expression, for messages.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public static bool Contains(EvaluationContext context, object? item, object? container, ExpressionTreeNode itemNode, ExpressionTreeNode containerNode)
    {
        switch (container)
        {
            case null:
                throw context.Fail($"cannot look for a value in '{context.TextOf(containerNode)}' because it is null");
            case string text:
                return item is string part
                    ? text.Contains(part, StringComparison.Ordinal)
                    : throw context.Fail(
                        $"looking inside a string needs a string to look for, but '{context.TextOf(itemNode)}' is {ExpressionValues.TypeName(item)}");
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
            $"can only look inside a list, dictionary or string, but '{context.TextOf(containerNode)}' is {ExpressionValues.TypeName(container)}");
    }

    /// <summary>Fails when a string built by the expression is longer than <see cref="MaxStringLength"/>.</summary>
    /// <param name="context">The evaluation context.</param>
    /// <param name="text">The string.</param>
    /// <returns>The string.</returns>
    public static string Bounded(EvaluationContext context, string text)
        => text.Length <= MaxStringLength ? text : throw TooLong(context);

    private static ExpressionEvaluationException TooLong(EvaluationContext context)
        => context.Fail($"the result would be longer than {MaxStringLength} characters");

    private static string RequireString(CallNode call, EvaluationContext context, int index, object? value)
        => value as string ?? throw context.Fail(
            $"{call.Function.Name}() expects a string, but '{context.TextOf(call.Arguments[index])}' is {ExpressionValues.TypeName(value)}");

    private static object Sum(CallNode call, EvaluationContext context, object? list)
    {
        if (!ExpressionValues.IsList(list))
        {
            throw context.Fail($"sum() expects a list of numbers, but '{context.TextOf(call.Arguments[0])}' is {ExpressionValues.TypeName(list)}");
        }

        var total = call.Arguments.Length == 2 ? call.Arguments[1].Evaluate(context) : 0L;
        if (total is not (long or double))
        {
            throw context.Fail($"sum() expects a number to start from, but '{context.TextOf(call.Arguments[1])}' is {ExpressionValues.TypeName(total)}");
        }

        var items = ExpressionValues.EnumerateList(list!);
        while (items.MoveNext(out var item))
        {
            total = (total, item) switch
            {
                (long a, long b) => (object)checked(a + b),
                (_, long or double) => Convert.ToDouble(total, CultureInfo.InvariantCulture) + Convert.ToDouble(item, CultureInfo.InvariantCulture),
                _ => throw context.Fail($"sum() adds numbers, but '{context.TextOf(call.Arguments[0])}' holds {ExpressionValues.TypeName(item)}"),
            };
        }

        return total;
    }

    private static object AnyOrAll(CallNode call, EvaluationContext context, object? list)
    {
        var all = call.Function.Function == BuiltinFunction.All;
        if (!ExpressionValues.IsList(list))
        {
            throw context.Fail($"{call.Function.Name}() expects a list, but '{context.TextOf(call.Arguments[0])}' is {ExpressionValues.TypeName(list)}");
        }

        var items = ExpressionValues.EnumerateList(list!);
        while (items.MoveNext(out var item))
        {
            if (PythonValues.IsTruthy(item) != all)
            {
                return ExpressionValues.Box(!all);
            }
        }

        return ExpressionValues.Box(all);
    }

    private static long ToInt(CallNode call, EvaluationContext context, object? value)
    {
        switch (value)
        {
            case long l:
                return l;
            case bool b:
                return b ? 1 : 0;
            case double d when double.IsFinite(d) && Math.Truncate(d) is >= long.MinValue and < long.MaxValue:
                return (long)Math.Truncate(d);
            case string s when long.TryParse(s.Trim().Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw context.Fail($"int() cannot convert '{context.TextOf(call.Arguments[0])}' ({ExpressionValues.TypeName(value)} {Preview(value)}) to an integer");
        }
    }

    private static double ToFloat(CallNode call, EvaluationContext context, object? value)
    {
        switch (value)
        {
            case long l:
                return l;
            case double d:
                return d;
            case bool b:
                return b ? 1 : 0;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                return parsed;
            default:
                throw context.Fail($"float() cannot convert '{context.TextOf(call.Arguments[0])}' ({ExpressionValues.TypeName(value)} {Preview(value)}) to a finite number");
        }
    }

    private static string Preview(object? value)
    {
        var text = PythonValues.Str(value);
        return text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}...'";
    }

    private static object? Get(CallNode call, EvaluationContext context, object? dictionary)
    {
        var key = call.Arguments[1].Evaluate(context);
        if (dictionary is null || !ExpressionValues.IsDictionary(dictionary))
        {
            throw context.Fail($"get() expects a dictionary, but '{context.TextOf(call.Arguments[0])}' is {ExpressionValues.TypeName(dictionary)}");
        }

        if (key is not string name)
        {
            throw context.Fail($"get() expects a string key, but '{context.TextOf(call.Arguments[1])}' is {ExpressionValues.TypeName(key)}");
        }

        return ExpressionValues.LookupKey(dictionary, name, out var value) == KeyLookup.Found
            ? value
            : call.Arguments.Length == 3 ? call.Arguments[2].Evaluate(context) : null;
    }

    private static bool StartsOrEndsWith(CallNode call, EvaluationContext context, string text, object? affix)
    {
        var starts = call.Function.Function == BuiltinFunction.StartsWith;
        if (affix is string single)
        {
            return starts ? text.StartsWith(single, StringComparison.Ordinal) : text.EndsWith(single, StringComparison.Ordinal);
        }

        if (ExpressionValues.IsList(affix))
        {
            var items = ExpressionValues.EnumerateList(affix!);
            while (items.MoveNext(out var item))
            {
                if (StartsOrEndsWith(call, context, text, item as string ?? throw context.Fail($"{call.Function.Name}() expects strings, but the list holds {ExpressionValues.TypeName(item)}")))
                {
                    return true;
                }
            }

            return false;
        }

        throw context.Fail($"{call.Function.Name}() expects a string or a list of strings, but '{context.TextOf(call.Arguments[1])}' is {ExpressionValues.TypeName(affix)}");
    }

    private static List<object?> Split(CallNode call, EvaluationContext context, string text)
    {
        if (call.Arguments.Length == 1)
        {
            return [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
        }

        var separator = RequireString(call, context, 1, call.Arguments[1].Evaluate(context));
        return separator.Length == 0
            ? throw context.Fail("split() separator is empty; give a non-empty separator or none to split on whitespace")
            : [.. text.Split(separator)];
    }

    private static string Join(CallNode call, EvaluationContext context, object? separator, object? items)
    {
        var glue = RequireString(call, context, 0, separator);
        if (!ExpressionValues.IsList(items))
        {
            throw context.Fail($"join() expects a list of strings, but '{context.TextOf(call.Arguments[1])}' is {ExpressionValues.TypeName(items)}");
        }

        var builder = new StringBuilder();
        var list = ExpressionValues.EnumerateList(items!);
        var index = 0;
        while (list.MoveNext(out var item))
        {
            if (item is not string part)
            {
                throw context.Fail($"join() expects strings, but item {index} of '{context.TextOf(call.Arguments[1])}' is {ExpressionValues.TypeName(item)} (convert it with str())");
            }

            if (builder.Length + part.Length + glue.Length > MaxStringLength)
            {
                throw TooLong(context);
            }

            builder.Append(index++ == 0 ? string.Empty : glue).Append(part);
        }

        return builder.ToString();
    }

    private static string Replace(CallNode call, EvaluationContext context, string text)
    {
        var old = RequireString(call, context, 1, call.Arguments[1].Evaluate(context));
        var replacement = RequireString(call, context, 2, call.Arguments[2].Evaluate(context));
        if (old.Length == 0)
        {
            // Python inserts the replacement before every character and at the end.
            if ((long)text.Length + ((text.Length + 1L) * replacement.Length) > MaxStringLength)
            {
                throw TooLong(context);
            }

            var builder = new StringBuilder(replacement);
            foreach (var c in text)
            {
                builder.Append(c).Append(replacement);
            }

            return builder.ToString();
        }

        if (replacement.Length > old.Length && text.Length + ((long)(text.Length / old.Length) * (replacement.Length - old.Length)) > MaxStringLength)
        {
            var count = 0L;
            for (var at = text.IndexOf(old, StringComparison.Ordinal); at >= 0; at = text.IndexOf(old, at + old.Length, StringComparison.Ordinal))
            {
                count++;
            }

            if (text.Length + (count * (replacement.Length - old.Length)) > MaxStringLength)
            {
                throw TooLong(context);
            }
        }

        return text.Replace(old, replacement, StringComparison.Ordinal);
    }
}
