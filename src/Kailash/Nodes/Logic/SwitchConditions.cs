using System.Globalization;
using System.Text;
using Kailash.Expressions;
using Kailash.Internal;
using Kailash.Runtime.Parameters;

namespace Kailash.Nodes.Logic;

/// <summary>
/// The comparison rules of <see cref="SwitchNode"/>: field lookup by (dotted) path and the ten operators.
/// Values compare with the expression language's rules (numbers across integer and floating point, strings ordinally).
/// </summary>
internal static class SwitchConditions
{
    /// <summary>The operators a switch accepts, in documentation order.</summary>
    public static readonly IReadOnlyList<string> Operators = ["==", "!=", ">", ">=", "<", "<=", "in", "contains", "is_null", "is_not_null"];

    public static bool IsKnownOperator(string op)
    {
        foreach (var known in Operators)
        {
            if (string.Equals(known, op, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static string UnknownOperatorMessage(object? op)
        => $"Unknown operator {(op is string text ? $"'{text}'" : ValueConverter.Describe(op))}.{(op is string s ? Suggestions.DidYouMean(s, Operators) : string.Empty)} Operators: {Suggestions.List(Operators)}.";

    /// <summary>Reads the value the condition tests: the whole input, or the field at <paramref name="field"/> (a key, or a dotted path).</summary>
    /// <returns><see langword="false"/> when the field does not exist in the input.</returns>
    public static bool TryReadField(object? input, string? field, out object? value)
    {
        if (string.IsNullOrEmpty(field))
        {
            value = input;
            return true;
        }

        // A key that itself contains dots wins over the path reading of the same text.
        if (DottedPath.TryStep(input, field, out value))
        {
            return true;
        }

        if (field.Contains('.', StringComparison.Ordinal))
        {
            value = input;
            foreach (var segment in field.Split('.'))
            {
                if (!DottedPath.TryStep(value, segment, out value))
                {
                    value = null;
                    return false;
                }
            }

            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Evaluates a boolean-mode condition.</summary>
    /// <param name="op">A known operator.</param>
    /// <param name="found">Whether the tested field exists; a missing field makes every operator but <c>is_null</c> false.</param>
    /// <param name="check">The tested value.</param>
    /// <param name="expected">The configured <c>value</c>.</param>
    /// <param name="nodeId">The switch, for error messages.</param>
    /// <param name="field">The tested field, for error messages.</param>
    /// <returns>The condition result.</returns>
    /// <exception cref="KailashException">The operands cannot be compared (code <c>KWF032</c>).</exception>
    public static bool Evaluate(string op, bool found, object? check, object? expected, string nodeId, string? field)
    {
        if (!found)
        {
            return op == "is_null";
        }

        check = ExpressionValues.Normalize(ValueConverter.Normalize(check));
        expected = ExpressionValues.Normalize(ValueConverter.Normalize(expected));
        switch (op)
        {
            case "is_null":
                return check is null;
            case "is_not_null":
                return check is not null;
            case "==":
                return ExpressionValues.AreEqual(check, expected);
            case "!=":
                return !ExpressionValues.AreEqual(check, expected);
            case "in":
                return check is not null && expected is not null && Contains(expected, check, op, nodeId, field);
            case "contains":
                return check is not null && expected is not null && Contains(check, expected, op, nodeId, field);
            default:
                if (check is null || expected is null)
                {
                    return false;
                }

                var order = Order(check, expected, op, nodeId, field);
                return op switch
                {
                    ">" => order > 0,
                    ">=" => order >= 0,
                    "<" => order < 0,
                    _ => order <= 0,
                };
        }
    }

    /// <summary>Finds the first case equal to <paramref name="check"/>.</summary>
    /// <returns>The index of the matching case, or -1.</returns>
    public static int MatchCase(IReadOnlyList<object?> cases, bool found, object? check)
    {
        if (!found)
        {
            return -1;
        }

        check = ExpressionValues.Normalize(ValueConverter.Normalize(check));
        for (var i = 0; i < cases.Count; i++)
        {
            if (ExpressionValues.AreEqual(check, cases[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Turns a case value into its port-name suffix: invariant text with <c>' ' - . : /</c> replaced by <c>_</c>.</summary>
    public static string PortSuffix(object? caseValue)
    {
        var text = caseValue switch
        {
            null => "null",
            bool flag => flag ? "true" : "false",
            string s => s,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => caseValue.ToString() ?? string.Empty,
        };

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is ' ' or '-' or '.' or ':' or '/' ? '_' : c);
        }

        return builder.ToString();
    }

    private static bool Contains(object container, object item, string op, string nodeId, string? field)
    {
        if (container is string text)
        {
            return item is string part
                ? text.Contains(part, StringComparison.Ordinal)
                : throw Incomparable(container, item, op, nodeId, field);
        }

        if (ExpressionValues.IsList(container))
        {
            var items = ExpressionValues.EnumerateList(container);
            while (items.MoveNext(out var element))
            {
                if (ExpressionValues.AreEqual(element, item))
                {
                    return true;
                }
            }

            return false;
        }

        if (ExpressionValues.IsDictionary(container) && item is string key)
        {
            return ExpressionValues.LookupKey(container, key, out _) == KeyLookup.Found;
        }

        throw Incomparable(container, item, op, nodeId, field);
    }

    private static int Order(object left, object right, string op, string nodeId, string? field)
    {
        if (left is long a && right is long b)
        {
            return a.CompareTo(b);
        }

        if (ExpressionValues.TryGetNumber(left, out var x) && ExpressionValues.TryGetNumber(right, out var y))
        {
            return x.CompareTo(y);
        }

        if (left is string s && right is string t)
        {
            return string.CompareOrdinal(s, t);
        }

        throw Incomparable(left, right, op, nodeId, field);
    }

    private static KailashException Incomparable(object left, object right, string op, string nodeId, string? field)
    {
        return new KailashException(
            ErrorCodes.CoercionFailed,
            $"Switch '{nodeId}' cannot apply '{op}' to {(string.IsNullOrEmpty(field) ? "its input" : $"field '{field}'")} ({ExpressionValues.TypeName(left)} {ExpressionValues.Format(left)}) and the value {ExpressionValues.Format(right)} ({ExpressionValues.TypeName(right)}). Please compare numbers with numbers and strings with strings, or choose another operator.",
            nodeId,
            SwitchNode.ValueInput);
    }
}
