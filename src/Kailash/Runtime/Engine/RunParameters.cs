namespace Kailash.Runtime.Engine;

/// <summary>A run's parameters split once into workflow-level values and node-specific maps.</summary>
internal sealed class RunParameters
{
    public static readonly RunParameters Empty = new(new Dictionary<string, object?>(), new Dictionary<string, IReadOnlyDictionary<string, object?>>());

    public RunParameters(IReadOnlyDictionary<string, object?> workflowLevel, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> nodeSpecific)
    {
        WorkflowLevel = workflowLevel;
        NodeSpecific = nodeSpecific;
    }

    /// <summary>Gets <c>{param: value}</c> entries: they go to every node that declares the parameter.</summary>
    public IReadOnlyDictionary<string, object?> WorkflowLevel { get; }

    /// <summary>Gets <c>{nodeId: {param: value}}</c> entries.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> NodeSpecific { get; }

    /// <summary>Gets the secrets fetched for the run, or <see langword="null"/> when the workflow uses none.</summary>
    public Parameters.RunSecrets? Secrets { get; init; }

    public bool IsEmpty => WorkflowLevel.Count == 0 && NodeSpecific.Count == 0;
}
