namespace Kailash.Nodes;

/// <summary>Declares one input of a node: its name, type, whether it is required, its default and its description.</summary>
public sealed class NodeParameter
{
    /// <summary>Initializes a new instance of the <see cref="NodeParameter"/> class.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="type">The declared type; <see cref="object"/> accepts anything.</param>
    public NodeParameter(string name, Type type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
    }

    /// <summary>Gets the input name.</summary>
    public string Name { get; }

    /// <summary>Gets the declared type. <see cref="object"/> accepts any value.</summary>
    public Type Type { get; }

    /// <summary>Gets a value indicating whether the node cannot run without this input.</summary>
    public bool Required { get; init; }

    /// <summary>Gets the value used when nothing supplies the input.</summary>
    public object? Default { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Default"/> is set (a default of <see langword="null"/> counts).</summary>
    public bool HasDefault { get; init; }

    /// <summary>Gets a human description of the input.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the allowed values, or <see langword="null"/> when any value of <see cref="Type"/> is allowed.</summary>
    public IReadOnlyList<object?>? Choices { get; init; }

    /// <summary>Gets a value indicating whether the input holds a secret. Secret values never appear in results, events, logs or exceptions.</summary>
    public bool IsSecret { get; init; }

    /// <summary>Gets the name of a workflow-level parameter that feeds this input when its own name is not given.</summary>
    public string? WorkflowAlias { get; init; }

    /// <summary>Gets other workflow-level parameter names that may feed this input, tried in order.</summary>
    public IReadOnlyList<string> AutoMapFrom { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type.Name}{(Required ? " (required)" : string.Empty)}";
}
