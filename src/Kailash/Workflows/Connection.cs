namespace Kailash.Workflows;

/// <summary>
/// A port-to-port edge: the value of <see cref="SourceOutput"/> on <see cref="SourceNode"/> becomes the
/// input <see cref="TargetInput"/> of <see cref="TargetNode"/>.
/// </summary>
/// <remarks>
/// <see cref="SourceOutput"/> may be a dotted path (<c>result.payload.score</c>): the first segment names the output
/// port (unless the whole string is a declared port), the rest navigates into the value.
/// </remarks>
/// <param name="SourceNode">The node that produces the value.</param>
/// <param name="SourceOutput">The output port, optionally followed by a dotted path into its value.</param>
/// <param name="TargetNode">The node that receives the value.</param>
/// <param name="TargetInput">The input the value is bound to.</param>
public sealed record Connection(string SourceNode, string SourceOutput, string TargetNode, string TargetInput)
{
    /// <inheritdoc />
    public override string ToString() => $"{SourceNode}.{SourceOutput} -> {TargetNode}.{TargetInput}";
}
