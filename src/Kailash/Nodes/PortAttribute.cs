namespace Kailash.Nodes;

/// <summary>
/// Refines how a property of a typed node's input or output record appears as a port. Without it the port is named
/// after the property in snake_case (<c>FilePath</c> → <c>file_path</c>).
/// </summary>
/// <remarks>
/// Descriptions come from <see cref="System.ComponentModel.DescriptionAttribute"/> and explicit defaults from
/// <see cref="System.ComponentModel.DefaultValueAttribute"/>; on a positional record write <c>[property: Port(...)]</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class PortAttribute : Attribute
{
    /// <summary>Gets or sets the port name on the wire, replacing the snake_case form of the property name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets a value indicating whether the input holds a secret (see <see cref="NodeParameter.IsSecret"/>).</summary>
    public bool IsSecret { get; set; }

    /// <summary>Gets or sets a workflow-level parameter name that feeds the input (see <see cref="NodeParameter.WorkflowAlias"/>).</summary>
    public string? WorkflowAlias { get; set; }
}
