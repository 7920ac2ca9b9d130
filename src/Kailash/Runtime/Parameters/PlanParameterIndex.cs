using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// What a whole plan knows about parameters, computed once: every name a workflow-level parameter may use (declared
/// inputs, aliases, template names), the secrets a run may need, and which inputs hold secrets.
/// </summary>
internal sealed class PlanParameterIndex
{
    public PlanParameterIndex(PlanNode[] nodes)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var secretNames = new List<string>();
        var secretInputs = new HashSet<string>(StringComparer.Ordinal);
        var configValues = new List<string>();
        foreach (var node in nodes)
        {
            var binding = node.Binding;
            foreach (var parameter in node.Parameters)
            {
                keys.Add(parameter.Name);
                if (parameter.WorkflowAlias is { Length: > 0 } alias)
                {
                    keys.Add(alias);
                }

                foreach (var name in parameter.AutoMapFrom)
                {
                    keys.Add(name);
                }

                if (parameter.IsSecret)
                {
                    secretInputs.Add(parameter.Name);
                    if (parameter.WorkflowAlias is { Length: > 0 } secretAlias)
                    {
                        secretInputs.Add(secretAlias);
                    }

                    secretInputs.UnionWith(parameter.AutoMapFrom);
                }
            }

            foreach (var template in binding.TemplateNames)
            {
                keys.Add(ConfigValues.Root(template));
                HasTemplates = true;
            }

            secretNames.AddRange(binding.SecretNames);
            foreach (var requirement in binding.Secrets)
            {
                secretInputs.Add(requirement.ParameterName);
                if (node.Spec.Config.TryGetValue(requirement.ParameterName, out var configured) && configured is string plain)
                {
                    configValues.Add(plain);
                }

                if (!IsWired(node, requirement.ParameterName))
                {
                    secretNames.Add(requirement.SecretName);
                }
            }
        }

        WorkflowKeys = keys;
        SecretNames = [.. secretNames.Distinct(StringComparer.Ordinal)];
        SecretInputs = secretInputs;
        ConfigSecretValues = [.. configValues];
    }

    /// <summary>Gets every name a workflow-level parameter may have: declared inputs, aliases and template roots.</summary>
    public HashSet<string> WorkflowKeys { get; }

    /// <summary>Gets a value indicating whether any node's config uses a <c>${name}</c> template (every run checks they resolve).</summary>
    public bool HasTemplates { get; }

    /// <summary>Gets the secrets a run fetches: config references and declared secrets that no config value or connection supplies.</summary>
    public string[] SecretNames { get; }

    /// <summary>Gets the names (and aliases) of inputs that hold secrets; parameter values passed for them are masked like fetched secrets.</summary>
    public HashSet<string> SecretInputs { get; }

    /// <summary>Gets plain (not referenced) config values of secret inputs; they are masked like fetched secrets.</summary>
    public string[] ConfigSecretValues { get; }

    private static bool IsWired(PlanNode node, string input)
    {
        if (node.Spec.Config.ContainsKey(input))
        {
            return true;
        }

        foreach (var binding in node.Inputs)
        {
            if (binding.TargetInput == input)
            {
                return true;
            }
        }

        return false;
    }
}
