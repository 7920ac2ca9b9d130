using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// Runs a cycle unit (a strongly connected component closed by one declared cycle) for both runtimes: iterations
/// of its members in iteration order until a termination rule holds (see <see cref="CycleExecution"/>).
/// </summary>
internal sealed class CycleCoordinator
{
    public CycleCoordinator(RuntimeOptions options)
    {
        Options = options.Cycles;
        Time = options.TimeProvider;
    }

    /// <summary>Gets the cycle settings, captured when the runtime was built.</summary>
    public CycleOptions Options { get; }

    /// <summary>Gets the clock for cycle timeouts, elapsed times and durations.</summary>
    public TimeProvider Time { get; }

    public ValueTask RunAsync(RunContext run, CyclePlan cycle)
        => new CycleExecution(this, run, CycleProgram.For(run.Plan, cycle)).RunAsync();

    /// <summary>Builds the per-plan cycle programs (called once per plan, before it is cached).</summary>
    public void Prepare(ExecutionPlan plan) => CycleProgram.Prepare(plan, Options);
}
