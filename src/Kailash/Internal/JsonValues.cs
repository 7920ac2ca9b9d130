using System.Collections;
using System.Globalization;
using System.Text.Json;
using Kailash.Nodes;
using Kailash.Workflows.Serialization;

namespace Kailash.Internal;

/// <summary>
/// The one writer of workflow values (maps, lists, scalars) as JSON: saved workflow files, the JSON writer node and the
/// text bodies of HTTP, SQL and AI nodes. Lists stream as they are enumerated. A double keeps a fraction or an exponent
/// (<c>1.0</c> reads back as a double), and NaN and infinities are written as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c> (System.Text.Json's names), since JSON has no literal for them.
/// </summary>
internal static class JsonValues
{
    /// <summary>How deep a value may nest before it is refused (a value that contains itself never ends).</summary>
    public const int DefaultMaxDepth = 256;

    public static void Write(Utf8JsonWriter writer, object? value, NodeContext? context = null, int maxDepth = DefaultMaxDepth) =>
        Write(writer, value, context, 0, maxDepth);

    private static void Write(Utf8JsonWriter writer, object? value, NodeContext? context, int depth, int maxDepth)
    {
        if (depth > maxDepth)
        {
            throw new KailashException(ErrorCodes.InvalidFileContent, $"The value is nested more than {maxDepth} levels deep (or refers to itself) and cannot be written as JSON.", context?.NodeId, "data");
        }

        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value)
        {
            case long or int or short or byte or sbyte or uint or ushort:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong big:
                writer.WriteNumberValue(big);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case double or float:
                WriteDouble(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case DateTimeOffset offset:
                writer.WriteStringValue(offset);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item, context, depth + 1, maxDepth);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value, context, depth + 1, maxDepth);
                }

                writer.WriteEndObject();
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    context?.CancellationToken.ThrowIfCancellationRequested();
                    Write(writer, item, context, depth + 1, maxDepth);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// Writes a double with a fraction or an exponent, so that <c>1.0</c> reads back as a double rather than an integer:
    /// the shortest round-trip text without an exponent is written through <see cref="decimal"/>, which keeps its digits
    /// exactly; otherwise System.Text.Json's own shortest form (which then has an exponent) is used.
    /// </summary>
    private static void WriteDouble(Utf8JsonWriter writer, double number)
    {
        if (!double.IsFinite(number))
        {
            writer.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
            return;
        }

        var text = YamlScalars.FormatDouble(number);
        if (text.AsSpan().IndexOfAny('E', 'e') < 0 && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            writer.WriteNumberValue(exact);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }
}
