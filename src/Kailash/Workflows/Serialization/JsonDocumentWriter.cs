using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kailash.Internal;

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
            JsonValues.Write(writer, document, maxDepth: options.MaxDepth);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
