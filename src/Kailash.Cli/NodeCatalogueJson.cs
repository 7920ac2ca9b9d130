using System.Text.Json;
using Kailash.Nodes;

namespace Kailash.Cli;

/// <summary>The <c>kailash nodes --output json</c> document: each type's parameters (type, required, default, description) and outputs.</summary>
internal static class NodeCatalogueJson
{
    public static string Write(IEnumerable<NodeTypeInfo> infos)
        => ResultJson.Write(writer =>
        {
            writer.WriteStartArray("nodes");
            foreach (var info in infos)
            {
                writer.WriteStartObject();
                writer.WriteString("type", info.TypeName);
                writer.WriteStartArray("parameters");
                foreach (var parameter in info.Parameters)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", parameter.Name);
                    writer.WriteString("type", TypeName(parameter.Type));
                    writer.WriteBoolean("required", parameter.Required);
                    if (parameter.HasDefault || parameter.Default is not null)
                    {
                        writer.WritePropertyName("default");
                        ResultJson.WriteValue(writer, parameter.Default);
                    }

                    writer.WriteString("description", parameter.Description);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("outputs");
                foreach (var port in info.Outputs)
                {
                    writer.WriteStringValue(port);
                }

                writer.WriteEndArray();
                writer.WriteBoolean("dynamic_outputs", info.HasDynamicOutputs);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>A short type name as files speak of it (<c>string</c>, <c>int</c>, <c>list</c>, <c>dict</c>, <c>any</c>).</summary>
    public static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(object) => "any",
            _ when underlying == typeof(string) => "string",
            _ when underlying == typeof(bool) => "bool",
            _ when underlying == typeof(int) || underlying == typeof(long) => "int",
            _ when underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal) => "float",
            _ when typeof(System.Collections.IDictionary).IsAssignableFrom(underlying) || underlying.Name.StartsWith("IReadOnlyDictionary", StringComparison.Ordinal) || underlying.Name.StartsWith("IDictionary", StringComparison.Ordinal) => "dict",
            _ when underlying != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying) => "list",
            _ => underlying.Name,
        };
    }

    public static string DefaultText(object? value) => value is null ? "null" : JsonSerializer.Serialize(value);
}
