using System.ComponentModel;
using Kailash.Nodes;

namespace Kailash.Samples;

// <snippet:custom-node>
/// <summary>The inputs: <c>full_name</c> (required) and <c>separator</c> (default " ").</summary>
internal sealed record SplitNameInput([Description("A name such as 'Ada Lovelace'.")] string FullName, string Separator = " ");

/// <summary>The outputs: <c>first</c> and <c>last</c>.</summary>
internal sealed record SplitNameOutput(string First, string Last);

/// <summary>Splits a full name into its first and last part.</summary>
internal sealed class SplitNameNode : Node<SplitNameInput, SplitNameOutput>
{
    public override SplitNameOutput Run(SplitNameInput input, NodeContext context)
    {
        var parts = input.FullName.Split(input.Separator, 2);
        return new SplitNameOutput(parts[0], parts.Length > 1 ? parts[1] : string.Empty);
    }
}
// </snippet:custom-node>
