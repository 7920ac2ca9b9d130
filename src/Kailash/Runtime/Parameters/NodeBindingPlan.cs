using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// What binding needs to know about one node, computed once per plan so binding does no extra work for what a node
/// does not use: config split into plain values (already converted to the declared types) and values with templates or
/// secret references, the checks of typed inputs, required inputs, defaults, aliases and declared secrets.
/// </summary>
internal sealed class NodeBindingPlan
{
    public NodeBindingPlan(NodeSpec spec, IReadOnlyList<NodeParameter> parameters)
    {
        AcceptsUndeclaredInputs = spec.Node.AcceptsUndeclaredInputs;
        Dictionary<string, ParameterCheck>? checks = null;
        var required = new List<NodeParameter>();
        var defaults = new List<NodeParameter>();
        var secrets = new List<SecretRequirement>();
        foreach (var parameter in parameters)
        {
            if (ParameterCheck.IsNeeded(parameter))
            {
                checks ??= new Dictionary<string, ParameterCheck>(StringComparer.Ordinal);
                checks[parameter.Name] = new ParameterCheck(parameter);
            }

            if (parameter.HasDefault)
            {
                defaults.Add(parameter);
            }
            else if (parameter.Required)
            {
                required.Add(parameter);
            }

            if (parameter.IsSecret)
            {
                HasSecretParameters = true;
                secrets.Add(new SecretRequirement(parameter.Name, parameter.Name) { Optional = !parameter.Required || parameter.HasDefault });
            }
        }

        foreach (var requirement in spec.Node.GetSecretRequirements())
        {
            secrets.RemoveAll(s => s.ParameterName == requirement.ParameterName);
            secrets.Add(requirement);
        }

        Checks = checks;
        Required = [.. required];
        Defaults = [.. defaults];
        Secrets = [.. secrets];
        Aliases = BuildAliases(parameters);

        var plain = new List<KeyValuePair<string, object?>>(spec.Config.Count);
        List<KeyValuePair<string, object?>>? dynamic = null;
        var templateNames = new List<string>();
        var secretNames = new List<string>();
        List<KeyValuePair<string, string>>? templateSites = null;
        foreach (var pair in spec.Config)
        {
            var before = templateNames.Count;
            if (ConfigValues.IsDynamic(pair.Value, templateNames, secretNames))
            {
                (dynamic ??= []).Add(pair);
                for (var i = before; i < templateNames.Count; i++)
                {
                    (templateSites ??= []).Add(new(pair.Key, templateNames[i]));
                }

                continue;
            }

            // Plain values are converted once here. One that does not convert (a workflow that bypassed Build's checks)
            // is treated like a dynamic value, so using it fails the node with a coded error.
            if (checks is not null && checks.TryGetValue(pair.Key, out var check))
            {
                if (check.TryConvert(pair.Value, out var converted, out _) && check.IsAllowed(converted))
                {
                    plain.Add(new(pair.Key, converted));
                }
                else
                {
                    (dynamic ??= []).Add(pair);
                }

                continue;
            }

            plain.Add(pair);
        }

        StaticConfig = [.. plain];
        DynamicConfig = dynamic?.ToArray();
        TemplateNames = [.. templateNames.Distinct(StringComparer.Ordinal)];
        TemplateSites = templateSites?.ToArray() ?? [];
        SecretNames = [.. secretNames.Distinct(StringComparer.Ordinal)];
        HasInputChecks = checks is not null || Required.Length > 0;
    }

    /// <summary>Gets config entries without templates or secret references, converted to the declared types.</summary>
    public KeyValuePair<string, object?>[] StaticConfig { get; }

    /// <summary>Gets config entries resolved at every invocation (templates, secret references), or <see langword="null"/>.</summary>
    public KeyValuePair<string, object?>[]? DynamicConfig { get; }

    /// <summary>Gets the checks of typed inputs and inputs with choices by name, or <see langword="null"/> when there are none.</summary>
    public Dictionary<string, ParameterCheck>? Checks { get; }

    /// <summary>Gets the inputs that are required and have no default.</summary>
    public NodeParameter[] Required { get; }

    public NodeParameter[] Defaults { get; }

    /// <summary>Gets the declared secrets: <see cref="NodeParameter.IsSecret"/> inputs and <see cref="Node.GetSecretRequirements"/>.</summary>
    public SecretRequirement[] Secrets { get; }

    /// <summary>Gets <see cref="NodeParameter.WorkflowAlias"/> and <see cref="NodeParameter.AutoMapFrom"/> names mapped to their input, or <see langword="null"/>.</summary>
    public Dictionary<string, NodeParameter>? Aliases { get; }

    /// <summary>Gets the template names used in the node's config (possibly dotted).</summary>
    public string[] TemplateNames { get; }

    /// <summary>Gets every template in the node's config with the config key that holds it (key → template name).</summary>
    public KeyValuePair<string, string>[] TemplateSites { get; }

    /// <summary>Gets the secret names referenced in the node's config.</summary>
    public string[] SecretNames { get; }

    public bool AcceptsUndeclaredInputs { get; }

    public bool HasSecretParameters { get; }

    /// <summary>Gets a value indicating whether the node's inputs need checking after binding (typed or required inputs).</summary>
    public bool HasInputChecks { get; }

    public bool TryGetCheck(string input, out ParameterCheck check)
    {
        if (Checks is not null && Checks.TryGetValue(input, out var found))
        {
            check = found;
            return true;
        }

        check = null!;
        return false;
    }

    private static Dictionary<string, NodeParameter>? BuildAliases(IReadOnlyList<NodeParameter> parameters)
    {
        Dictionary<string, NodeParameter>? aliases = null;
        foreach (var parameter in parameters)
        {
            if (parameter.WorkflowAlias is { Length: > 0 } alias)
            {
                (aliases ??= new(StringComparer.Ordinal)).TryAdd(alias, parameter);
            }
        }

        foreach (var parameter in parameters)
        {
            foreach (var name in parameter.AutoMapFrom)
            {
                (aliases ??= new(StringComparer.Ordinal)).TryAdd(name, parameter);
            }
        }

        return aliases;
    }
}
