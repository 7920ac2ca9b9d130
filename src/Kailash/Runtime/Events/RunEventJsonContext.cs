using System.Text.Json.Serialization;

namespace Kailash.Runtime.Events;

/// <summary>Source-generated JSON for run events (store payloads, <c>--output jsonl</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunEvent))]
internal sealed partial class RunEventJsonContext : JsonSerializerContext;
