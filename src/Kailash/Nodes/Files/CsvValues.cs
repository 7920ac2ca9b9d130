using System.Globalization;

namespace Kailash.Nodes.Files;

/// <summary>Turns CSV cells into typed values when a reader's config asks for it (<c>infer_types</c>, <c>column_types</c>).</summary>
internal static class CsvValues
{
    public static readonly IReadOnlyList<string> TypeNames = ["string", "int", "float", "bool"];

    public static object? Infer(string cell)
    {
        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !cell.Contains("infinity", StringComparison.OrdinalIgnoreCase) && !cell.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return number;
        }

        return cell switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => cell,
        };
    }

    public static bool TryConvert(string cell, string type, out object? value)
    {
        value = cell;
        switch (type)
        {
            case "int":
                var ok = long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer);
                value = integer;
                return ok;
            case "float":
                var parsed = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
                value = number;
                return parsed;
            case "bool":
                var isBool = bool.TryParse(cell, out var flag);
                value = flag;
                return isBool;
            default:
                return true;
        }
    }
}
