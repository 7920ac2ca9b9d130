using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Kailash.Internal;

namespace Kailash.Nodes;

/// <summary>The input values bound to a node for one run, by input name, in the order they were bound.</summary>
/// <remarks>
/// Stored as a compact array of entries (most nodes have a handful of inputs); a hash index is added only when a node
/// has many inputs, so lookups stay O(1) for wide fan-ins.
/// </remarks>
public sealed class NodeInputs : IReadOnlyDictionary<string, object?>
{
    private const int IndexThreshold = 8;
    private KeyValuePair<string, object?>[] _entries;
    private Dictionary<string, int>? _index;
    private int _count;

    internal NodeInputs(string nodeId, int capacity)
    {
        NodeId = nodeId;
        _entries = capacity <= 0 ? [] : new KeyValuePair<string, object?>[capacity];
    }

    /// <summary>Gets the id of the node these inputs belong to.</summary>
    public string NodeId { get; private set; }

    /// <inheritdoc />
    public int Count => _count;

    /// <summary>Empties the inputs for another node's step (the engine reuses them only where no node code could keep them).</summary>
    /// <param name="nodeId">The node the inputs now belong to.</param>
    /// <param name="capacity">How many inputs it may bind.</param>
    /// <returns>These inputs, empty.</returns>
    internal NodeInputs Reuse(string nodeId, int capacity)
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        _index = null;
        NodeId = nodeId;
        if (_entries.Length < capacity)
        {
            _entries = new KeyValuePair<string, object?>[capacity];
        }

        return this;
    }

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _entries[i].Key;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _entries[i].Value;
            }
        }
    }

    /// <summary>Gets the value of an input.</summary>
    /// <param name="key">The input name.</param>
    /// <exception cref="KailashException">The input was not given (code <c>KWF037</c>).</exception>
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw Missing(key);

    /// <summary>Creates inputs for testing a node directly.</summary>
    /// <param name="values">The input values.</param>
    /// <param name="nodeId">The node id to report in errors.</param>
    /// <returns>The inputs.</returns>
    public static NodeInputs Create(IReadOnlyDictionary<string, object?> values, string nodeId = "node")
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = new NodeInputs(nodeId, values.Count);
        foreach (var pair in values)
        {
            inputs.Set(pair.Key, pair.Value);
        }

        return inputs;
    }

    /// <summary>Gets an input converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The wanted type.</typeparam>
    /// <param name="name">The input name.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="KailashException">The input is missing (<c>KWF037</c>) or cannot be converted (<c>KWF032</c>).</exception>
    public T Get<T>(string name)
    {
        if (!TryGetValue(name, out var value))
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
        => TryGetValue(name, out var value) && value is not null ? Convert<T>(name, value) : defaultValue;

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var at = IndexOf(key);
        if (at < 0)
        {
            value = null;
            return false;
        }

        value = _entries[at].Value;
        return true;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _entries[i];
        }
    }

    /// <summary>Binds a value unless the input already has one (lower-precedence sources call this).</summary>
    internal bool TryAdd(string key, object? value)
    {
        if (IndexOf(key) >= 0)
        {
            return false;
        }

        Append(key, value);
        return true;
    }

    /// <summary>Binds a value the caller knows is new.</summary>
    internal void Add(string key, object? value)
    {
        if (!TryAdd(key, value))
        {
            throw new ArgumentException($"Input '{key}' of node '{NodeId}' is already bound.", nameof(key));
        }
    }

    /// <summary>Binds or replaces a value.</summary>
    internal void Set(string key, object? value)
    {
        var at = IndexOf(key);
        if (at >= 0)
        {
            _entries[at] = new KeyValuePair<string, object?>(key, value);
            return;
        }

        Append(key, value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal T Convert<T>(string name, object? value)
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
            $"Node '{NodeId}' needs input '{name}' but none was given.{Suggestions.DidYouMean(name, Keys)} Available inputs: {(_count == 0 ? "none" : Suggestions.List(Keys))}. Please connect it, configure it or pass it as a parameter.",
            NodeId,
            name);

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var at) ? at : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Append(string key, object? value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(4, _count * 2));
        }

        _entries[_count] = new KeyValuePair<string, object?>(key, value);
        if (_index is not null)
        {
            _index[key] = _count;
        }
        else if (_count + 1 > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i <= _count; i++)
            {
                _index[_entries[i].Key] = i;
            }
        }

        _count++;
    }
}
