using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>One incoming edge of a node, resolved to indices at plan time.</summary>
/// <param name="SourceIndex">The plan index of the source node.</param>
/// <param name="SourcePort">The source output port.</param>
/// <param name="Path">The dotted path into the port's value, or <see langword="null"/>.</param>
/// <param name="TargetInput">The input the value is bound to.</param>
/// <param name="CycleId">The cycle this back edge belongs to, or <see langword="null"/> for a regular edge.</param>
/// <param name="Connection">The declared connection (for messages).</param>
internal sealed record InputBinding(int SourceIndex, string SourcePort, string[]? Path, string TargetInput, string? CycleId, Connection Connection)
{
    public bool IsCycleEdge => CycleId is not null;

    /// <summary>Gets the edge's index in the plan (<see cref="RunState.EdgeLive"/>), assigned when the plan is built.</summary>
    public int EdgeIndex { get; init; }
}
