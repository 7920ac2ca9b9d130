using Kailash.Internal;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// Build-time checks of declared cycles: limits and an exit condition, the convergence expression (parsed once,
/// names checked), and structure: every cycle edge closes a loop, one declared cycle per loop (nested or overlapping
/// cycles are rejected), and every cycle edge runs backwards within an iteration so it carries the previous iteration's value.
/// </summary>
internal static class CycleValidator
{
    public static void AddErrors(Workflow workflow, List<WorkflowError> errors)
    {
        if (workflow.Cycles.Count == 0)
        {
            return;
        }

        foreach (var cycle in workflow.Cycles)
        {
            CheckLimits(cycle, errors);
            if (!CycleExpressions.TryGet(cycle, workflow.Registry.Functions, out _, out var syntax))
            {
                errors.Add(new WorkflowError(
                    ErrorCodes.InvalidExpression,
                    $"Cycle '{cycle.CycleId}': the convergence condition '{cycle.ConvergeWhen}' is invalid at position {syntax.Position}: {syntax.Detail}. Please fix the expression.",
                    Location: $"cycles.{cycle.CycleId}.converge_when")
                { At = ErrorLocation.OfCycle(cycle.CycleId, field: "converge_when") });
            }
        }

        if (!CanPlan(workflow, errors))
        {
            return;
        }

        var plan = ExecutionPlanBuilder.Build(workflow);
        CheckStructure(workflow, plan, errors);
        foreach (var cyclePlan in plan.Cycles)
        {
            if (cyclePlan.Specs.Count == 1 && CycleExpressions.TryGet(cyclePlan.Specs[0], workflow.Registry.Functions, out var program, out _) && program is not null)
            {
                CheckNames(plan, cyclePlan, cyclePlan.Specs[0], program.Identifiers, errors);
            }
        }
    }

    private static void CheckLimits(CycleSpec cycle, List<WorkflowError> errors)
    {
        var location = $"cycles.{cycle.CycleId}";
        if (cycle.MaxIterations is null && cycle.ConvergeWhen is null && cycle.Timeout is null)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.InvalidCycle,
                $"Cycle '{cycle.CycleId}' has no exit condition. Please give it MaxIterations(n), ConvergeWhen(expression) or Timeout(t); a switch inside the loop still needs MaxIterations as a safety limit.",
                Location: location)
            { At = ErrorLocation.OfCycle(cycle.CycleId) });
        }

        if (cycle.MaxIterations is < 1)
        {
            errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle '{cycle.CycleId}': MaxIterations must be at least 1 (was {cycle.MaxIterations}).", Location: location + ".max_iterations") { At = ErrorLocation.OfCycle(cycle.CycleId, field: "max_iterations") });
        }

        if (cycle.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle '{cycle.CycleId}': Timeout must be positive (was {timeout}).", Location: location + ".timeout") { At = ErrorLocation.OfCycle(cycle.CycleId, field: "timeout") });
        }

        if (cycle.ConvergeWhen is { } when && string.IsNullOrWhiteSpace(when))
        {
            errors.Add(new WorkflowError(ErrorCodes.InvalidExpression, $"Cycle '{cycle.CycleId}': the convergence condition is empty. Please write a condition such as 'done == true', or leave it out.", Location: location + ".converge_when") { At = ErrorLocation.OfCycle(cycle.CycleId, field: "converge_when") });
        }
    }

    /// <summary>Planning needs every edge end to exist and regular edges without undeclared loops; other checks report those.</summary>
    private static bool CanPlan(Workflow workflow, List<WorkflowError> errors)
    {
        foreach (var error in errors)
        {
            if (error.Code is ErrorCodes.UnknownSourceNode or ErrorCodes.UnknownTargetNode or ErrorCodes.UnmarkedCycle)
            {
                return false;
            }
        }

        foreach (var cycle in workflow.Cycles)
        {
            foreach (var c in cycle.Connections)
            {
                if (!workflow.TryGetNode(c.SourceNode, out _) || !workflow.TryGetNode(c.TargetNode, out _))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void CheckStructure(Workflow workflow, ExecutionPlan plan, List<WorkflowError> errors)
    {
        var loopOf = new Dictionary<int, CyclePlan>();
        foreach (var cyclePlan in plan.Cycles)
        {
            foreach (var member in cyclePlan.Members)
            {
                loopOf[member] = cyclePlan;
            }

            if (cyclePlan.Specs.Count > 1)
            {
                var ids = cyclePlan.Specs.Select(s => s.CycleId).ToList();
                errors.Add(new WorkflowError(
                    ErrorCodes.InvalidCycle,
                    $"Cycles {Suggestions.List(ids)} share nodes ({Suggestions.List(cyclePlan.Members.Select(m => plan.Nodes[m].Id))}): nested or overlapping cycles are not supported. Please declare one cycle with all the back edges of that loop (call Connect once per edge), or separate the loops.",
                    plan.Nodes[cyclePlan.Members[0]].Id,
                    Location: $"cycles.{ids[1]}")
                { At = ErrorLocation.OfCycle(ids[1]) });
            }
        }

        foreach (var cycle in workflow.Cycles)
        {
            CyclePlan? first = null;
            for (var i = 0; i < cycle.Connections.Count; i++)
            {
                var c = cycle.Connections[i];
                var location = ErrorLocation.OfCycle(cycle.CycleId, i);
                var source = plan.IndexById[c.SourceNode];
                var target = plan.IndexById[c.TargetNode];
                if (!loopOf.TryGetValue(source, out var loop) || !loopOf.TryGetValue(target, out var targetLoop) || loop != targetLoop)
                {
                    AddEdgeError(errors, c, location, $"Cycle '{cycle.CycleId}': the edge '{c}' does not close a loop, because nothing leads from '{c.TargetNode}' back to '{c.SourceNode}'. Please add it with AddConnection if it is a forward edge, or connect '{c.TargetNode}' onwards to '{c.SourceNode}'.");
                    continue;
                }

                first ??= loop;
                if (loop != first)
                {
                    AddEdgeError(errors, c, location, $"Cycle '{cycle.CycleId}' spans two separate loops (through '{plan.Nodes[first.Members[0]].Id}' and through '{c.SourceNode}'). Please declare one cycle per loop.");
                    continue;
                }

                if (Array.IndexOf(loop.Members, source) < Array.IndexOf(loop.Members, target))
                {
                    AddEdgeError(errors, c, location, $"Cycle '{cycle.CycleId}': the edge '{c}' runs forward within an iteration ('{c.SourceNode}' runs before '{c.TargetNode}'), so it could not carry the previous iteration's value. Iteration order: {Suggestions.List(loop.Members.Select(m => plan.Nodes[m].Id))}. Please declare it with AddConnection and keep only the edge that closes the loop in the cycle.");
                }
            }
        }
    }

    private static void AddEdgeError(List<WorkflowError> errors, Connection c, ErrorLocation location, string message)
        => errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, message, c.SourceNode, c.SourceOutput, location.Path) { At = location });

    private static bool MayHoldDictionary(Type? declared)
        => declared is not null && (declared == typeof(object) || typeof(System.Collections.IDictionary).IsAssignableFrom(declared)
            || declared.GetInterfaces().Append(declared).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    /// <summary>
    /// Every name must be a reserved name, a node id or an output port of a member, unless a member's outputs are dynamic
    /// or a member declares an output that may hold a dictionary (its keys are visible by name, as a code node's <c>result</c>).
    /// </summary>
    private static void CheckNames(ExecutionPlan plan, CyclePlan cycle, CycleSpec spec, IReadOnlyList<string> identifiers, List<WorkflowError> errors)
    {
        var ports = new HashSet<string>(StringComparer.Ordinal);
        var dynamic = false;
        foreach (var member in cycle.Members)
        {
            var node = plan.Nodes[member];
            dynamic |= node.Node.HasDynamicOutputs;
            foreach (var port in node.Node.GetOutputs())
            {
                ports.Add(port);
                dynamic |= MayHoldDictionary(node.Node.GetOutputType(port));
            }
        }

        foreach (var name in identifiers)
        {
            if (CycleExpressions.ReservedNames.Contains(name) || plan.IndexById.ContainsKey(name))
            {
                continue;
            }

            if (ports.Contains(name))
            {
                continue;
            }

            if (dynamic)
            {
                continue;
            }

            var known = CycleExpressions.ReservedNames.Concat(plan.IndexById.Keys).Concat(ports).Append("true").Append("false").Append("null").ToList();
            errors.Add(new WorkflowError(
                ErrorCodes.InvalidExpression,
                $"Cycle '{spec.CycleId}': the convergence condition '{spec.ConvergeWhen}' uses '{name}', which is neither a node id nor an output of the cycle's nodes.{Suggestions.DidYouMean(name, known)} Available: {Suggestions.List(known.Where(k => k is not ("True" or "False" or "None" or "true" or "false" or "null")))}.",
                Location: $"cycles.{spec.CycleId}.converge_when")
            { At = ErrorLocation.OfCycle(spec.CycleId, field: "converge_when") });
        }
    }
}
