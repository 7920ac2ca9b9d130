using Kailash.Expressions;
using Kailash.Nodes.Logic;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Runtime.Cycles;

/// <summary>What the cycles concern computes once per cycle of a plan: limits, the parsed convergence expression and the back edges.</summary>
internal sealed class CycleProgram
{
    private CycleProgram(CyclePlan cycle, CycleSpec? spec, int maxIterations, ExpressionProgram? convergence, ExpressionSyntaxException? syntaxError, InputBinding[] backEdges, bool hasOtherExit)
    {
        Cycle = cycle;
        Spec = spec;
        MaxIterations = maxIterations;
        Timeout = spec?.Timeout;
        Convergence = convergence;
        SyntaxError = syntaxError;
        BackEdges = backEdges;
        HasOtherExit = hasOtherExit;
    }

    public CyclePlan Cycle { get; }

    public CycleSpec? Spec { get; }

    public int MaxIterations { get; }

    public TimeSpan? Timeout { get; }

    public ExpressionProgram? Convergence { get; }

    /// <summary>Gets the parse error of the convergence expression when the workflow skipped build-time validation.</summary>
    public ExpressionSyntaxException? SyntaxError { get; }

    /// <summary>Gets the cycle edges: after an iteration, at least one must carry a value for the next to start.</summary>
    public InputBinding[] BackEdges { get; }

    /// <summary>Gets a value indicating whether the cycle can end other than by its iteration limit (a convergence condition or a switch).</summary>
    public bool HasOtherExit { get; }

    /// <summary>The plan slot holding the program of every cycle of a plan, by <see cref="CyclePlan.Index"/>.</summary>
    public static readonly PlanSlotKey<CycleProgram[]> Slot = new("cycles.programs");

    /// <summary>Builds the program of every cycle of a new plan (once, before its first run).</summary>
    public static void Prepare(ExecutionPlan plan, CycleOptions options)
    {
        if (plan.Cycles.Length > 0)
        {
            plan.Slots.Set(Slot, [.. plan.Cycles.Select(cycle => Create(plan, cycle, options))]);
        }
    }

    public static CycleProgram For(ExecutionPlan plan, CyclePlan cycle) => plan.Slots.Get(Slot)![cycle.Index];

    private static CycleProgram Create(ExecutionPlan plan, CyclePlan cycle, CycleOptions options)
    {
        var spec = cycle.Specs.Count > 0 ? cycle.Specs[0] : null;
        ExpressionProgram? convergence = null;
        ExpressionSyntaxException? syntaxError = null;
        if (spec is not null)
        {
            CycleExpressions.TryGet(spec, out convergence, out syntaxError);
        }

        var backEdges = new List<InputBinding>();
        var hasSwitch = false;
        foreach (var member in cycle.Members)
        {
            var node = plan.Nodes[member];
            hasSwitch |= node.Node is IRoutingNode;
            for (var i = node.RegularInputCount; i < node.Inputs.Length; i++)
            {
                backEdges.Add(node.Inputs[i]);
            }
        }

        var max = spec?.MaxIterations ?? options.DefaultMaxIterations;
        return new CycleProgram(cycle, spec, max, convergence, syntaxError, [.. backEdges], spec?.ConvergeWhen is not null || hasSwitch);
    }
}
