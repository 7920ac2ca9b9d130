using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kailash.Internal;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// Finds and resolves the two kinds of run-time references a config value may hold: <c>${name}</c> templates (from
/// workflow parameters) and <c>{"$secret": "NAME"}</c> secret references (from the secret provider).
/// </summary>
/// <remarks>
/// A string that is exactly one template (<c>"${count}"</c>) becomes the parameter's value with its own type; a template
/// inside a longer string is formatted into it. <c>$${</c> writes a literal <c>${</c>. A template name may be dotted
/// (<c>${db.host}</c>): the first segment names the parameter, the rest navigates into its value.
/// </remarks>
internal static class ConfigValues
{
    /// <summary>The key of a secret reference: <c>{"$secret": "NAME"}</c>.</summary>
    public const string SecretKey = "$secret";

    private const int MaxDepth = 64;

    /// <summary>Tells whether a value holds a template or a secret reference anywhere, and collects their names.</summary>
    public static bool IsDynamic(object? value, List<string>? templateNames = null, List<string>? secretNames = null)
        => Scan(value, templateNames, secretNames, 0);

    public static bool TryGetSecretReference(object? value, out string name)
    {
        name = string.Empty;
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> { Count: 1 } map when map.TryGetValue(SecretKey, out var reference) && reference is string text && text.Length > 0:
                name = text;
                return true;
            case IDictionary { Count: 1 } dictionary when dictionary.Contains(SecretKey) && dictionary[SecretKey] is string legacy && legacy.Length > 0:
                name = legacy;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Resolves every template and secret reference in a config value.</summary>
    /// <exception cref="KailashException">A template names no parameter (<c>KWF031</c>) or a secret is unavailable (<c>KWF033</c>).</exception>
    public static object? Resolve(object? value, RunParameters parameters, string nodeId, string configKey)
        => Resolve(value, parameters, nodeId, configKey, 0, templatesOnly: false);

    /// <summary>Resolves the templates in a config value and leaves secret references as they are (admission checks templates before secrets are fetched).</summary>
    /// <exception cref="KailashException">A template names no parameter (<c>KWF031</c>).</exception>
    public static object? ResolveTemplates(object? value, RunParameters parameters, string nodeId, string configKey)
        => Resolve(value, parameters, nodeId, configKey, 0, templatesOnly: true);

    /// <summary>Looks a template name up: node-specific parameters of the node first, then workflow-level ones.</summary>
    public static bool TryLookup(RunParameters parameters, string nodeId, string name, out object? value)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var root = dot < 0 ? name : name[..dot];
        if (!((parameters.NodeSpecific.TryGetValue(nodeId, out var own) && own.TryGetValue(root, out value)) || parameters.WorkflowLevel.TryGetValue(root, out value)))
        {
            value = null;
            return false;
        }

        if (dot < 0)
        {
            return true;
        }

        foreach (var segment in name[(dot + 1)..].Split('.'))
        {
            if (!DottedPath.TryStep(value, segment, out value))
            {
                value = null;
                return false;
            }
        }

        return true;
    }

    /// <summary>Collects the template names in a string (without resolving them).</summary>
    public static void CollectTemplateNames(string text, List<string> names)
    {
        var at = 0;
        while (NextTemplate(text, at, out var start, out var end, out var escaped))
        {
            if (!escaped)
            {
                names.Add(text[(start + 2)..end].Trim());
            }

            at = end + 1;
        }
    }

    /// <summary>Gets the root parameter name of a (possibly dotted) template name.</summary>
    public static string Root(string templateName)
    {
        var dot = templateName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? templateName : templateName[..dot];
    }

    private static bool Scan(object? value, List<string>? templateNames, List<string>? secretNames, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (value)
        {
            case string text:
                if (!text.Contains("${", StringComparison.Ordinal))
                {
                    return false;
                }

                var names = new List<string>();
                CollectTemplateNames(text, names);
                templateNames?.AddRange(names);
                return names.Count > 0 || text.Contains("$${", StringComparison.Ordinal);
            case IReadOnlyDictionary<string, object?> or IDictionary when TryGetSecretReference(value, out var secret):
                secretNames?.Add(secret);
                return true;
            case IReadOnlyDictionary<string, object?> map:
                var anyInMap = false;
                foreach (var pair in map)
                {
                    anyInMap |= Scan(pair.Value, templateNames, secretNames, depth + 1);
                }

                return anyInMap;
            case IDictionary dictionary:
                var anyInDictionary = false;
                foreach (DictionaryEntry entry in dictionary)
                {
                    anyInDictionary |= Scan(entry.Value, templateNames, secretNames, depth + 1);
                }

                return anyInDictionary;
            case IList list:
                var anyInList = false;
                foreach (var item in list)
                {
                    anyInList |= Scan(item, templateNames, secretNames, depth + 1);
                }

                return anyInList;
            default:
                return false;
        }
    }

    private static object? Resolve(object? value, RunParameters parameters, string nodeId, string configKey, int depth, bool templatesOnly)
    {
        if (depth > MaxDepth)
        {
            return value;
        }

        switch (value)
        {
            case string text:
                return text.Contains("${", StringComparison.Ordinal) ? ResolveText(text, parameters, nodeId, configKey) : text;
            case IReadOnlyDictionary<string, object?> or IDictionary when TryGetSecretReference(value, out var secret):
                return templatesOnly ? value : ResolveSecret(secret, parameters, nodeId, configKey);
            case IReadOnlyDictionary<string, object?> map:
                var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                foreach (var pair in map)
                {
                    copy[pair.Key] = Resolve(pair.Value, parameters, nodeId, configKey, depth + 1, templatesOnly);
                }

                return copy;
            case IDictionary dictionary:
                var converted = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    converted[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Resolve(entry.Value, parameters, nodeId, configKey, depth + 1, templatesOnly);
                }

                return converted;
            case IList list:
                var items = new List<object?>(list.Count);
                foreach (var item in list)
                {
                    items.Add(Resolve(item, parameters, nodeId, configKey, depth + 1, templatesOnly));
                }

                return items;
            default:
                return value;
        }
    }

    private static string ResolveSecret(string name, RunParameters parameters, string nodeId, string configKey)
    {
        if (parameters.Secrets is { } secrets && secrets.TryGet(name, out var value))
        {
            return value;
        }

        throw RunSecrets.Missing(parameters.Secrets, name, nodeId, configKey, $"config '{configKey}'");
    }

    private static object? ResolveText(string text, RunParameters parameters, string nodeId, string configKey)
    {
        // A whole-value template keeps the parameter's type.
        if (text.Length > 3 && text.StartsWith("${", StringComparison.Ordinal) && text.IndexOf('}', StringComparison.Ordinal) == text.Length - 1)
        {
            var name = text[2..^1].Trim();
            return Lookup(parameters, nodeId, configKey, name, text);
        }

        var builder = new StringBuilder(text.Length + 16);
        var at = 0;
        while (NextTemplate(text, at, out var start, out var end, out var escaped))
        {
            builder.Append(text, at, start - at);
            if (escaped)
            {
                builder.Append("${");
                at = start + 3;
                continue;
            }

            var name = text[(start + 2)..end].Trim();
            builder.Append(Format(Lookup(parameters, nodeId, configKey, name, text[start..(end + 1)])));
            at = end + 1;
        }

        builder.Append(text, at, text.Length - at);
        return builder.ToString();
    }

    private static object? Lookup(RunParameters parameters, string nodeId, string configKey, string name, string template)
    {
        if (TryLookup(parameters, nodeId, name, out var value))
        {
            return value;
        }

        var known = new List<string>(parameters.WorkflowLevel.Keys);
        if (parameters.NodeSpecific.TryGetValue(nodeId, out var own))
        {
            known.AddRange(own.Keys);
        }

        throw new KailashException(
            ErrorCodes.UnresolvedTemplate,
            $"Node '{nodeId}' config '{configKey}' uses the template '{template}', but no parameter '{Root(name)}'{(name.Contains('.', StringComparison.Ordinal) ? $" with the path '{name}'" : string.Empty)} was passed.{Suggestions.DidYouMean(Root(name), known)} Please pass it as a workflow-level parameter, or as a node-specific parameter under the node's id. Parameters passed: {(known.Count == 0 ? "none" : Suggestions.List(known))}.",
            nodeId,
            configKey);
    }

    /// <summary>Finds the next <c>${...}</c> (or escaped <c>$${</c>) at or after <paramref name="from"/>.</summary>
    private static bool NextTemplate(string text, int from, out int start, out int end, out bool escaped)
    {
        start = end = -1;
        escaped = false;
        while (from < text.Length)
        {
            var at = text.IndexOf("${", from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            if (at > 0 && text[at - 1] == '$')
            {
                start = at - 1;
                end = at + 1;
                escaped = true;
                return true;
            }

            var close = text.IndexOf('}', at + 2);
            if (close < 0)
            {
                return false;
            }

            if (close > at + 2)
            {
                start = at;
                end = close;
                return true;
            }

            from = close + 1;
        }

        return false;
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IList or IReadOnlyDictionary<string, object?> => JsonSerializer.Serialize(value),
        _ => value.ToString() ?? string.Empty,
    };
}
