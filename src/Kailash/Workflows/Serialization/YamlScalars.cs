using System.Globalization;
using System.Text.RegularExpressions;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Resolves YAML scalars the way the YAML 1.2 core schema does: plain (untagged, unquoted) scalars become null,
/// booleans, integers (<see cref="long"/>) or floats (<see cref="double"/>) when they look like one; everything
/// else is a string. Also formats numbers so that they read back as the same type.
/// </summary>
internal static partial class YamlScalars
{
    public const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Resolves a plain scalar by the core schema.</summary>
    public static object? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        return TryParseInteger(text, out var integer) ? integer : TryParseFloat(text, out var real) ? real : text;
    }

    /// <summary>
    /// Tells whether a string written plain would read back as something other than that string, by the core schema or
    /// by YAML 1.1 (PyYAML's resolver: <c>yes</c>, <c>on</c>, <c>0777</c>, <c>1_000</c>, <c>2026-01-01</c>, ...), so that
    /// files written here also read back as strings in Python.
    /// </summary>
    public static bool NeedsQuotes(string text) => ResolvePlain(text) is not string || Yaml11Implicit().IsMatch(text);

    public static bool TryParseInteger(string text, out object value)
    {
        value = text;
        if (DecimalInteger().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                value = whole;
                return true;
            }

            // Too large for a long: keep the magnitude as a double rather than failing.
            value = double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return true;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexDigits().IsMatch(text.AsSpan(2)) &&
            long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            value = hex;
            return true;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && OctalDigits().IsMatch(text.AsSpan(2)))
        {
            try
            {
                value = Convert.ToInt64(text[2..], 8);
                return true;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return false;
    }

    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (Infinity().IsMatch(text))
        {
            value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (text is ".nan" or ".NaN" or ".NAN")
        {
            value = double.NaN;
            return true;
        }

        return Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats a double so it reads back as a double (never as an integer): <c>1.0</c>, <c>0.25</c>, <c>1E+20</c>.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? text + ".0" : text;
    }

    [GeneratedRegex(
        @"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N" +
        @"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+" +
        @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)" +
        @"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?" +
        @"|<<|=|~|null|Null|NULL)$")]
    private static partial Regex Yaml11Implicit();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex HexDigits();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)$")]
    private static partial Regex Infinity();
}
