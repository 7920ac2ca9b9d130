using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kailash.Workflows.Serialization;

/// <summary>Writes a plain document tree as indented JSON (two spaces, <c>\n</c> line ends, a final newline).</summary>
internal static class JsonDocumentWriter
{
    public static string Write(Dictionary<string, object?> document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            MaxDepth = 1024,

            // Workflow files are not embedded in HTML: keep '<', '>', '&', '+' and non-ASCII text readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            WriteValue(writer, document);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// Writes a double with a fraction or an exponent, so that <c>1.0</c> reads back as a double rather than an integer:
    /// the shortest round-trip text without an exponent is written through <see cref="decimal"/>, which keeps its digits
    /// exactly; otherwise System.Text.Json's own shortest form (which then has an exponent) is used.
    /// </summary>
    private static void WriteDouble(Utf8JsonWriter writer, double number)
    {
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

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                WriteDouble(writer, number);
                break;
            case double number:
                // JSON has no NaN or infinity; they are written the way System.Text.Json names them.
                writer.WriteStringValue(double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
                break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Unexpected value of type {value.GetType().Name} in a workflow document.");
        }
    }
}
