using System.Globalization;
using System.Text;

namespace Kailash.Expressions;

/// <summary>Python value semantics the language borrows: truthiness and <c>str()</c> formatting.</summary>
internal static class PythonValues
{
    private const int MaxNestingDepth = 64;

    /// <summary>
    /// Python truthiness: <c>None</c>, <c>False</c>, zero, the empty string and empty lists and dictionaries are false;
    /// everything else is true.
    /// </summary>
    /// <param name="value">A normalized value.</param>
    /// <returns>The truth value.</returns>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        _ when ExpressionValues.IsList(value) => ExpressionValues.GetListCount(value) > 0,
        _ when ExpressionValues.IsDictionary(value) => ExpressionValues.GetDictionaryCount(value) > 0,
        _ => true,
    };

    /// <summary>Formats a value as Python's <c>str()</c> does: <c>True</c>, <c>None</c>, <c>1.0</c>, <c>['a', 1]</c>, <c>{'k': 2}</c>.</summary>
    /// <param name="value">A normalized value.</param>
    /// <returns>The text.</returns>
    public static string Str(object? value)
    {
        if (value is string s)
        {
            return s;
        }

        var builder = new StringBuilder();
        Append(builder, value, quote: false, depth: 0);
        return builder.ToString();
    }

    /// <summary>Formats a float as Python's <c>repr</c> does: shortest round-trip digits, always with a decimal point or exponent.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < 1e16)
        {
            return value.ToString("0.0", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    private static void Append(StringBuilder builder, object? value, bool quote, int depth)
    {
        switch (value)
        {
            case null:
                builder.Append("None");
                return;
            case bool b:
                builder.Append(b ? "True" : "False");
                return;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                builder.Append(FormatFloat(d));
                return;
            case string s:
                if (quote)
                {
                    builder.Append('\'').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                }
                else
                {
                    builder.Append(s);
                }

                return;
        }

        if (depth >= MaxNestingDepth)
        {
            builder.Append("...");
            return;
        }

        if (ExpressionValues.IsList(value))
        {
            builder.Append('[');
            var items = ExpressionValues.EnumerateList(value);
            var first = true;
            while (items.MoveNext(out var item))
            {
                builder.Append(first ? string.Empty : ", ");
                first = false;
                Append(builder, item, quote: true, depth + 1);
            }

            builder.Append(']');
            return;
        }

        if (ExpressionValues.IsDictionary(value))
        {
            builder.Append('{');
            var first = true;
            foreach (var entry in ExpressionValues.GetEntries(value))
            {
                builder.Append(first ? string.Empty : ", ");
                first = false;
                Append(builder, entry.Key, quote: true, depth + 1);
                builder.Append(": ");
                Append(builder, entry.Value, quote: true, depth + 1);
            }

            builder.Append('}');
            return;
        }

        builder.Append(ExpressionValues.Format(value));
    }
}
