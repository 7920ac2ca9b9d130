namespace Kailash.Runtime.Conditional;

/// <summary>Why one node was skipped in a run.</summary>
/// <param name="NodeId">The skipped node.</param>
/// <param name="Reason">The recorded skip reason.</param>
/// <param name="Causes">One line per regular input explaining why it carried no value (or which upstream failure stopped it).</param>
public sealed record SkippedNodeInfo(string NodeId, SkipReason Reason, IReadOnlyList<string> Causes);
