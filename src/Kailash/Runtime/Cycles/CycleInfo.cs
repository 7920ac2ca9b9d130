namespace Kailash.Runtime.Cycles;

/// <summary>How a runtime will run one declared cycle of a workflow.</summary>
/// <param name="CycleId">The cycle id.</param>
/// <param name="Members">The cycle's nodes in the order they run within an iteration.</param>
/// <param name="EntryNodes">Members fed by regular edges from outside the cycle.</param>
/// <param name="ExitNodes">Members that feed nodes outside the cycle.</param>
/// <param name="MaxIterations">The effective iteration limit (the cycle's own, or <see cref="CycleOptions.DefaultMaxIterations"/>).</param>
/// <param name="ConvergeWhen">The convergence condition, or <see langword="null"/>.</param>
/// <param name="Timeout">The time limit, or <see langword="null"/>.</param>
public sealed record CycleInfo(
    string CycleId,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> EntryNodes,
    IReadOnlyList<string> ExitNodes,
    int MaxIterations,
    string? ConvergeWhen,
    TimeSpan? Timeout);
