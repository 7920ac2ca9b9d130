using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Kailash.Nodes.Files;

/// <summary>Writes the plain values workflows carry (maps, lists, scalars) as JSON, streaming lists as they are enumerated.</summary>
internal static class JsonValues
{
    public static void Write(Utf8JsonWriter writer, object? value, NodeContext? context = null, int depth = 0)
    {
        if (depth > 256)
        {
            throw new KailashException(ErrorCodes.InvalidFileContent, "The value is nested more than 256 levels deep (or refers to itself) and cannot be written as JSON.", context?.NodeId, "data");
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
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteNullValue();
                }

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
                    Write(writer, item, context, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    Write(writer, entry.Value, context, depth + 1);
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
                    Write(writer, item, context, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
