namespace Kailash.Workflows;

/// <summary>The descriptive part of a workflow.</summary>
internal sealed record WorkflowInfo(string Id, string Name, string Version, string? Description, IReadOnlyDictionary<string, object?> Metadata);
