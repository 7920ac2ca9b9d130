using Kailash.Internal;
using Kailash.Runtime.Engine;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <content>
/// What a run's parameters do to the nodes: conversions and choices of the values they receive, templates that must
/// resolve, and required inputs nothing supplies. <see cref="Report"/> uses it for <c>ValidateWorkflow</c>, and the
/// engine's admission uses <see cref="ParameterProblems(ExecutionPlan, RunParameters)"/> so a run is refused before any
/// node runs for exactly the value and template problems validation reports.
/// </content>
internal static partial class WorkflowValidator
{
    /// <summary>
    /// The value and template problems a run's parameters cause (wrong types, disallowed choices, unresolved
    /// templates), or <see langword="null"/> when there are none. Cheap when nothing needs checking: it walks the
    /// nodes only when parameters were passed or a config uses a template.
    /// </summary>
    public static List<WorkflowError>? ParameterProblems(ExecutionPlan plan, RunParameters split)
    {
        if (split.IsEmpty && !plan.ParameterIndex.HasTemplates)
        {
            return null;
        }

        var errors = new List<WorkflowError>();
        foreach (var node in plan.Nodes)
        {
            CheckParameterValues(node, split, errors);
            CheckTemplates(node, split, errors, null);
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>
    /// What parameters do to one node: conversions and choices of the values it receives, templates, and required inputs
    /// that nothing supplies. <paramref name="split"/> is <see langword="null"/> when no parameters were given: needs only
    /// parameters can meet are then warnings.
    /// </summary>
    private static void CheckNodeParameters(PlanNode node, RunParameters? split, List<WorkflowError> errors, List<WorkflowError> warnings)
    {
        var binding = node.Binding;
        var supplied = new HashSet<string>(node.Spec.Config.Keys, StringComparer.Ordinal);
        foreach (var input in node.Inputs)
        {
            supplied.Add(input.TargetInput);
        }

        foreach (var requirement in binding.Secrets)
        {
            supplied.Add(requirement.ParameterName);
        }

        if (split is not null)
        {
            CheckParameterValues(node, split, errors, supplied);
        }

        CheckTemplates(node, split, errors, warnings);
        foreach (var parameter in binding.Required)
        {
            if (supplied.Contains(parameter.Name))
            {
                continue;
            }

            var error = new WorkflowError(
                ErrorCodes.MissingRequiredInput,
                split is null
                    ? $"Node '{node.Id}' ({node.TypeName}) input '{parameter.Name}' is required and has no config value, connection or default; every run must pass it as a parameter ({{\"{parameter.Name}\": value}} or {{\"{node.Id}\": {{\"{parameter.Name}\": value}}}})."
                    : MessageOf(Parameters.ParameterErrors.MissingRequired(node, parameter)),
                node.Id,
                parameter.Name)
            { IsWarning = split is null };
            (error.IsWarning ? warnings : errors).Add(error);
        }
    }

    /// <summary>Converts and checks every parameter value a node would receive; <paramref name="supplied"/> collects the inputs they supply.</summary>
    private static void CheckParameterValues(PlanNode node, RunParameters split, List<WorkflowError> errors, HashSet<string>? supplied = null)
    {
        if (split.NodeSpecific.TryGetValue(node.Id, out var own))
        {
            foreach (var pair in own)
            {
                supplied?.Add(pair.Key);
                CheckValue(node, pair.Key, pair.Value, $"the node-specific parameter '{node.Id}.{pair.Key}'", errors);
            }
        }

        if (split.WorkflowLevel.Count == 0)
        {
            return;
        }

        foreach (var parameter in node.Parameters)
        {
            if (ParameterBinder.TryWorkflowLevel(split.WorkflowLevel, parameter, out var value, out var key))
            {
                supplied?.Add(parameter.Name);
                if (own is null || !own.ContainsKey(parameter.Name))
                {
                    CheckValue(node, parameter.Name, value, $"the workflow-level parameter '{key}'", errors);
                }
            }
        }
    }

    /// <summary>
    /// Checks that every template in a node's config resolves and that a resolved value converts to the input's declared
    /// type. A config key a parameter overrides is never resolved, so it is not checked. Without parameters
    /// (<paramref name="split"/> null) each template is a warning.
    /// </summary>
    private static void CheckTemplates(PlanNode node, RunParameters? split, List<WorkflowError> errors, List<WorkflowError>? warnings)
    {
        var binding = node.Binding;
        if (split is null)
        {
            foreach (var (configKey, template) in binding.TemplateSites)
            {
                var root = ConfigValues.Root(template);
                warnings?.Add(new WorkflowError(ErrorCodes.UnresolvedTemplate, $"Node '{node.Id}' config '{configKey}' uses the template '${{{template}}}'; every run must pass the parameter '{root}'.", node.Id, root, Location: $"nodes.{node.Id}.config.{configKey}") { IsWarning = true });
            }

            return;
        }

        if (binding.TemplateSites.Length == 0 || binding.DynamicConfig is not { } dynamic)
        {
            return;
        }

        foreach (var (configKey, value) in dynamic)
        {
            if (IsOverridden(node, split, configKey) || !HasTemplate(binding, configKey))
            {
                continue;
            }

            try
            {
                var resolved = ConfigValues.ResolveTemplates(value, split, node.Id, configKey);
                if (binding.SecretNames.Length == 0 && binding.TryGetCheck(configKey, out var check))
                {
                    ParameterBinder.Coerce(node.Id, check, resolved, new ValueSource("config", configKey));
                }
            }
            catch (KailashException ex)
            {
                errors.Add(new WorkflowError(ex.Code, MessageOf(ex), node.Id, configKey, $"nodes.{node.Id}.config.{configKey}"));
            }
        }
    }

    /// <summary>Tells whether a parameter (node-specific or workflow-level) supplies the input, so its config value is never used.</summary>
    private static bool IsOverridden(PlanNode node, RunParameters split, string input)
    {
        if (split.NodeSpecific.TryGetValue(node.Id, out var own) && own.ContainsKey(input))
        {
            return true;
        }

        return split.WorkflowLevel.Count > 0 && node.ParameterByName.TryGetValue(input, out var parameter) && ParameterBinder.TryWorkflowLevel(split.WorkflowLevel, parameter, out _, out _);
    }

    private static bool HasTemplate(NodeBindingPlan binding, string configKey)
    {
        foreach (var site in binding.TemplateSites)
        {
            if (site.Key == configKey)
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckValue(PlanNode node, string input, object? value, string source, List<WorkflowError> errors)
    {
        if (!node.Binding.TryGetCheck(input, out var check))
        {
            return;
        }

        try
        {
            ParameterBinder.Coerce(node.Id, check, value, ValueSource.Text(source));
        }
        catch (KailashException ex)
        {
            errors.Add(new WorkflowError(ex.Code, MessageOf(ex), node.Id, input, "parameters"));
        }
    }

    /// <summary>A coded exception's message without its code prefix (a <see cref="WorkflowError"/> prints the code itself).</summary>
    private static string MessageOf(KailashException ex)
        => ex.Message.StartsWith(ex.Code + ": ", StringComparison.Ordinal) ? ex.Message[(ex.Code.Length + 2)..] : ex.Message;
}
