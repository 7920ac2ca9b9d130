using System.Text.Json.Serialization;

namespace Kailash.AspNetCore;

// The JSON shapes of the HTTP API (snake_case on the wire). Internal: they are documented by the OpenAPI document.

/// <summary>A served workflow.</summary>
internal sealed record WorkflowView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("nodes")] IReadOnlyList<string> Nodes);

/// <summary>The body of a start-run request.</summary>
internal sealed record StartRunBody(
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, object?>? Parameters);

/// <summary>The body of a human-input response.</summary>
internal sealed record InputResponseBody(
    [property: JsonPropertyName("value")] object? Value);

/// <summary>A run.</summary>
internal sealed record RunView(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("workflow_id")] string WorkflowId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("nodes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Nodes,
    [property: JsonPropertyName("results")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>>? Results,
    [property: JsonPropertyName("error")] RunErrorView? Error,
    [property: JsonPropertyName("links")] RunLinks Links);

/// <summary>Why a run failed or was cancelled.</summary>
internal sealed record RunErrorView(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("node")] string? Node);

/// <summary>Where to find more about a run.</summary>
internal sealed record RunLinks(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("events")] string Events,
    [property: JsonPropertyName("graph")] string Graph);

/// <summary>A run's graph: the Mermaid export and each node's status.</summary>
internal sealed record RunGraphView(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("mermaid")] string Mermaid,
    [property: JsonPropertyName("nodes")] IReadOnlyDictionary<string, string> Nodes);
