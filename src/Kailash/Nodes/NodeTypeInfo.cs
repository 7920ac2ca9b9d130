namespace Kailash.Nodes;

/// <summary>Describes a registered node type: its name, CLR type, inputs and outputs.</summary>
/// <param name="TypeName">The registered type name.</param>
/// <param name="ClrType">The node's CLR type.</param>
/// <param name="Parameters">The declared inputs of a default-configured instance.</param>
/// <param name="Outputs">The declared outputs of a default-configured instance.</param>
/// <param name="HasDynamicOutputs">Whether outputs depend on configuration.</param>
public sealed record NodeTypeInfo(string TypeName, Type ClrType, IReadOnlyList<NodeParameter> Parameters, IReadOnlyList<string> Outputs, bool HasDynamicOutputs);
