using System.Text.Json;
using Kailash.Internal;

namespace Kailash.Nodes.Files;

/// <summary>A workflow value as compact JSON text (bodies, prompts, SQL parameters).</summary>
internal static class JsonValuesText
{
    public static string Of(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonValues.Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
