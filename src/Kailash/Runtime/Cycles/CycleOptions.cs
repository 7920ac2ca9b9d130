namespace Kailash.Runtime.Cycles;

/// <summary>How a runtime runs cycles. Immutable: set it with an object initializer on <see cref="RuntimeOptions.Cycles"/>.</summary>
/// <remarks>
/// Every cycle is bounded: by its own <c>MaxIterations</c>, else by <see cref="DefaultMaxIterations"/>, and every run by
/// <see cref="RuntimeOptions.MaxSteps"/> (node executions, iterations included).
/// </remarks>
public sealed class CycleOptions
{
    /// <summary>The default of <see cref="DefaultMaxIterations"/>.</summary>
    public const int DefaultMaxIterationsValue = 100;

    /// <summary>Gets the iteration limit of a cycle that declares none (for example one with only <c>ConvergeWhen</c>).</summary>
    /// <value>The default value is 100.</value>
    public int DefaultMaxIterations { get; init; } = DefaultMaxIterationsValue;

    /// <summary>
    /// Gets a value indicating whether a cycle that reaches its iteration limit without having converged fails the run
    /// (code <c>KWF048</c>) instead of ending with <see cref="CycleTermination.MaxIterations"/> and a warning.
    /// </summary>
    /// <remarks>
    /// Applies to cycles that have another way to end: a <c>ConvergeWhen</c> condition or a switch among their nodes.
    /// A cycle whose only limit is <c>MaxIterations</c> runs that many iterations by design and never fails on it.
    /// </remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool FailOnMaxIterations { get; init; }
}
