using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Kailash.Internal;

namespace Kailash.Nodes;

/// <summary>The input values bound to a node for one run, by input name.</summary>
public sealed class NodeInputs : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _values;

    internal NodeInputs(string nodeId, Dictionary<string, object?> values)
    {
        NodeId = nodeId;
        _values = values;
    }

    /// <summary>Gets the id of the node these inputs belong to.</summary>
    public string NodeId { get; }

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Values;

    internal Dictionary<string, object?> Inner => _values;

    /// <summary>Gets the value of an input.</summary>
    /// <param name="key">The input name.</param>
    /// <exception cref="KailashException">The input was not given (code <c>KWF037</c>).</exception>
    public object? this[string key] => _values.TryGetValue(key, out var value) ? value : throw Missing(key);

    /// <summary>Creates inputs for testing a node directly.</summary>
    /// <param name="values">The input values.</param>
    /// <param name="nodeId">The node id to report in errors.</param>
    /// <returns>The inputs.</returns>
    public static NodeInputs Create(IReadOnlyDictionary<string, object?> values, string nodeId = "node")
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var pair in values)
        {
            copy[pair.Key] = pair.Value;
        }

        return new NodeInputs(nodeId, copy);
    }

    /// <summary>Gets an input converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="name">The input name.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="KailashException">The input is missing (<c>KWF037</c>) or cannot be converted (<c>KWF032</c>).</exception>
    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            throw Missing(name);
        }

        return Convert<T>(name, value);
    }

    /// <summary>Gets an input converted to <typeparamref name="T"/>, or <paramref name="defaultValue"/> when it is absent or null.</summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="name">The input name.</param>
    /// <param name="defaultValue">The value to use when the input is absent.</param>
    /// <returns>The converted value or the default.</returns>
    public T GetOrDefault<T>(string name, T defaultValue)
        => _values.TryGetValue(name, out var value) && value is not null ? Convert<T>(name, value) : defaultValue;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T Convert<T>(string name, object? value)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (ValueConverter.TryConvert(value, typeof(T), out var converted, out var problem))
        {
            return (T)converted!;
        }

        throw new KailashException(
            ErrorCodes.CoercionFailed,
            $"Input '{name}' of node '{NodeId}' holds {ValueConverter.Describe(value)}, which cannot be read as {typeof(T).Name}: {problem}",
            NodeId,
            name);
    }

    private KailashException Missing(string name)
        => new(
            ErrorCodes.MissingInput,
            $"Node '{NodeId}' needs input '{name}' but none was given.{Suggestions.DidYouMean(name, _values.Keys)} Available inputs: {(_values.Count == 0 ? "none" : Suggestions.List(_values.Keys))}. Please connect it, configure it or pass it as a parameter.",
            NodeId,
            name);
}
