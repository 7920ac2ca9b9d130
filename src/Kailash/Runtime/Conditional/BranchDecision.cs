namespace Kailash.Runtime.Conditional;

/// <summary>What one switch decided in a run.</summary>
/// <param name="NodeId">The switch.</param>
/// <param name="Status">How the switch ended; only a <see cref="NodeStatus.Completed"/> switch took a branch.</param>
/// <param name="ConditionResult">The switch's <c>condition_result</c> output (the condition, or the matched case), when it has one.</param>
/// <param name="TakenPorts">The output ports that carried data on (empty unless the switch completed).</param>
/// <param name="NotTakenPorts">The output ports that did not.</param>
public sealed record BranchDecision(string NodeId, NodeStatus Status, object? ConditionResult, IReadOnlyList<string> TakenPorts, IReadOnlyList<string> NotTakenPorts);
