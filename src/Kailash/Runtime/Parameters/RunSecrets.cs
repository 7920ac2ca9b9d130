using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Kailash.Internal;

namespace Kailash.Runtime.Parameters;

/// <summary>
/// The secrets of one run: the values fetched from the secret provider (or why they are missing), and the masking of
/// every known secret value in what the run reports (results, errors, node logs).
/// </summary>
/// <remarks>
/// Masking replaces a string that equals a secret, and any occurrence of a secret of at least
/// <see cref="MinimumSubstringLength"/> characters inside a longer string, with <see cref="Mask"/>. Downstream nodes
/// still receive the unmasked outputs: a node may legitimately pass a secret on (for example to build a header).
/// </remarks>
internal sealed class RunSecrets : Engine.ISecretMasker
{
    /// <summary>What a masked secret is replaced with.</summary>
    public const string Mask = Engine.ISecretMasker.Mask;

    /// <summary>The shortest secret that is also masked inside longer strings (shorter ones only when a whole string equals them).</summary>
    public const int MinimumSubstringLength = 4;

    private const int MaxDepth = 32;
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, string> _problems;
    private readonly string[] _masked;
    private readonly IReadOnlyDictionary<string, object?>?[] _rawOutputs;

    public RunSecrets(Dictionary<string, string> values, Dictionary<string, string> problems, IEnumerable<string> alsoMasked, int nodeCount)
    {
        _values = values;
        _problems = problems;
        var masked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values.Values)
        {
            if (value.Length > 0)
            {
                masked.Add(value);
            }
        }

        foreach (var value in alsoMasked)
        {
            if (value.Length > 0)
            {
                masked.Add(value);
            }
        }

        // Longest first, so a secret that contains another is masked whole.
        _masked = [.. masked.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal)];
        _rawOutputs = new IReadOnlyDictionary<string, object?>?[nodeCount];
    }

    /// <summary>Gets a value indicating whether anything needs masking.</summary>
    public bool HasValues => _masked.Length > 0;

    public bool TryGet(string name, [NotNullWhen(true)] out string? value) => _values.TryGetValue(name, out value);

    /// <summary>Builds the coded error for a secret that is not available, with the reason when known.</summary>
    public static KailashException Missing(RunSecrets? secrets, string name, string nodeId, string input, string usedBy)
    {
        var reason = secrets is not null && secrets._problems.TryGetValue(name, out var problem)
            ? problem
            : "no secret provider is configured (RuntimeOptions.SecretProvider)";
        return new KailashException(
            ErrorCodes.MissingSecret,
            $"Node '{nodeId}' needs the secret '{name}' for {usedBy}, but it is not available: {reason}. Please make the secret available to the secret provider, or configure RuntimeOptions.SecretProvider.",
            nodeId,
            input);
    }

    /// <summary>Gets the unmasked outputs of a node whose reported outputs were masked, or <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, object?>? RawOutputs(int nodeIndex) => _rawOutputs[nodeIndex];

    /// <summary>Masks secret values in a node's result before it is recorded, keeping the raw outputs for downstream nodes.</summary>
    public NodeResult Redact(int nodeIndex, NodeResult result)
    {
        if (_masked.Length == 0)
        {
            return result;
        }

        var outputs = result.Outputs;
        var masked = outputs.Count == 0 ? outputs : (IReadOnlyDictionary<string, object?>)MaskValue(outputs, 0, out _)!;
        if (result.Status == NodeStatus.Completed)
        {
            // Only a completed result replaces the raw outputs downstream nodes read: a cycle member skipped in the last
            // iteration keeps handing on the real values of the iteration in which it last ran.
            _rawOutputs[nodeIndex] = masked == outputs ? null : outputs;
        }

        var error = result.Error is { } ex && Contains(ex) ? Redacted(ex) : result.Error;
        return masked == outputs && error == result.Error
            ? result
            : new NodeResult(result.Status, masked, error, result.SkipReason, result.Attempts, result.Duration);
    }

    /// <summary>Masks secret values anywhere inside a value (strings, maps, lists), copying only what changes.</summary>
    public object? MaskObject(object? value) => _masked.Length == 0 ? value : MaskValue(value, 0, out _);

    /// <summary>Returns the exception itself when no message in its chain holds a secret, else a coded copy with the messages masked.</summary>
    public Exception MaskError(Exception error) => _masked.Length > 0 && Contains(error) ? Redacted(error) : error;

    /// <summary>Tells whether a text holds a secret value.</summary>
    public bool Contains(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var secret in _masked)
        {
            if (text.Length == secret.Length ? string.Equals(text, secret, StringComparison.Ordinal) : secret.Length >= MinimumSubstringLength && text.Contains(secret, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces secret values in a text with <see cref="Mask"/>.</summary>
    public string MaskText(string text)
    {
        foreach (var secret in _masked)
        {
            if (string.Equals(text, secret, StringComparison.Ordinal))
            {
                return Mask;
            }

            if (secret.Length >= MinimumSubstringLength)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private bool Contains(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (Contains(current.Message))
            {
                return true;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Contains(inner))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A coded error carrying the masked messages of the original chain (the original, which holds the value, is dropped).</summary>
    private KailashException Redacted(Exception error)
    {
        var text = new StringBuilder();
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(current is KailashException ? string.Empty : current.GetType().Name + ": ").Append(MaskText(current.Message));
        }

        var coded = error as KailashException;
        return new KailashException(coded?.Code ?? ErrorCodes.NodeFailed, text.ToString(), coded?.NodeId, coded?.Port);
    }

    private object? MaskValue(object? value, int depth, out bool changed)
    {
        changed = false;
        if (depth > MaxDepth)
        {
            return value;
        }

        switch (value)
        {
            case string text:
                if (!Contains(text))
                {
                    return text;
                }

                changed = true;
                return MaskText(text);
            case IReadOnlyDictionary<string, object?> map:
                Dictionary<string, object?>? copy = null;
                foreach (var pair in map)
                {
                    var masked = MaskValue(pair.Value, depth + 1, out var itemChanged);
                    if (itemChanged && copy is null)
                    {
                        copy = new Dictionary<string, object?>(map, StringComparer.Ordinal);
                    }

                    if (itemChanged)
                    {
                        copy![pair.Key] = masked;
                    }
                }

                changed = copy is not null;
                return copy ?? value;
            case IDictionary dictionary:
                Dictionary<string, object?>? converted = null;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (Contains(entry.Value as string) || entry.Value is IDictionary or IList or IReadOnlyDictionary<string, object?>)
                    {
                        var masked = MaskValue(entry.Value, depth + 1, out var itemChanged);
                        if (itemChanged)
                        {
                            converted ??= Copy(dictionary);
                            converted[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = masked;
                        }
                    }
                }

                changed = converted is not null;
                return converted ?? value;
            case IList list:
                List<object?>? items = null;
                for (var i = 0; i < list.Count; i++)
                {
                    var masked = MaskValue(list[i], depth + 1, out var itemChanged);
                    if (itemChanged && items is null)
                    {
                        items = new List<object?>(list.Count);
                        for (var j = 0; j < i; j++)
                        {
                            items.Add(list[j]);
                        }
                    }

                    items?.Add(itemChanged ? masked : list[i]);
                }

                changed = items is not null;
                return items ?? value;
            default:
                return value;
        }
    }

    private static Dictionary<string, object?> Copy(IDictionary dictionary)
    {
        var copy = new Dictionary<string, object?>(dictionary.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            copy[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
        }

        return copy;
    }
}
