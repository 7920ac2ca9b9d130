using System.Text.Json.Serialization;

namespace Kailash.Runtime.Engine.Persistence;

/// <summary>The source-generated JSON contract of <see cref="RunStateDocument"/> (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(RunStateDocument))]
[JsonSerializable(typeof(NodeRowDocument))]
[JsonSerializable(typeof(Dictionary<string, System.Text.Json.Nodes.JsonNode?>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class RunStateJsonContext : JsonSerializerContext;
