using System.Globalization;
using Kailash.Internal;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>
/// Checks of a workflow against the runtime that would run it, for <c>ValidateWorkflow</c> (and so <c>kailash validate</c>):
/// what would fail only when it runs — resilience settings the node would reject, resources no configuration provides,
/// a cycle whose iteration limit cannot fit the step budget.
/// </summary>
internal static class RuntimeFitChecks
{
    public static void Add(Workflow workflow, RuntimeOptions options, List<WorkflowError> errors, List<WorkflowError> warnings)
    {
        foreach (var node in workflow.Nodes)
        {
            var policy = WorkflowBuilder.ReadPolicy(node);
            foreach (var key in policy.Resources)
            {
                if (!options.Resources.ContainsKey(key))
                {
                    var configured = options.Resources.Keys.Order(StringComparer.Ordinal).ToList();
                    errors.Add(new WorkflowError(
                        ErrorCodes.InvalidResiliencePolicy,
                        $"Node '{node.Id}' uses resource '{key}', which no configuration provides.{Suggestions.DidYouMean(key, configured)} Configured: {(configured.Count == 0 ? "none" : Suggestions.List(configured))}. The node would fail when it runs; please configure the resource or fix the key.",
                        node.Id,
                        WorkflowBuilder.ResourcesKey));
                }
            }

            // Settings the node would reject when it runs (a misspelt key, a timeout below 10 ms: 'timeout: 0.001' is one millisecond).
            foreach (var problem in policy.Problems)
            {
                errors.Add(new WorkflowError(ErrorCodes.InvalidResiliencePolicy, problem, node.Id));
            }
        }

        foreach (var cycle in workflow.Cycles)
        {
            var members = cycle.Connections.SelectMany(c => new[] { c.SourceNode, c.TargetNode }).Distinct(StringComparer.Ordinal).Count();
            if (cycle.MaxIterations is { } limit && (long)limit * Math.Max(1, members) > options.MaxSteps)
            {
                warnings.Add(new WorkflowError(
                    ErrorCodes.StepBudgetExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"Cycle '{cycle.CycleId}' may run {limit:N0} iterations of at least {Internal.Counted.Of(members, "node")}, more than the step budget of {options.MaxSteps:N0} node executions: if it does not converge sooner the run fails with {ErrorCodes.StepBudgetExceeded}. Please lower the cycle's max_iterations or raise the step budget."),
                    Location: $"cycles.{cycle.CycleId}")
                { IsWarning = true });
            }
        }
    }
}
