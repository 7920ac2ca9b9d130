namespace Kailash.Runtime.Engine;

/// <summary>
/// Where a cycle that was interrupted mid-iteration goes on when its run is resumed: the iteration, the position of the
/// last member whose result was recorded in it (and that result), and each member's latest completed result. Built from
/// the stored node rows; not part of the serialised run state (a checkpoint never falls inside a cycle).
/// </summary>
internal sealed record CycleResumePoint(int Iteration, int Position, NodeResult LastResult, NodeResult?[] LastCompleted, int[] LastIteration, bool AnyRan);
