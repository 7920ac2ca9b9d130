using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kailash.Nodes.Typed;

/// <summary>
/// A typed node's output record seen as the engine's port → value map: a read-only view over the record through
/// getters compiled once per type, so no dictionary is built per step.
/// </summary>
/// <typeparam name="T">The output record.</typeparam>
internal sealed class TypedOutputs<T> : IReadOnlyDictionary<string, object?>
{
    private readonly OutputRecord<T>.Shape _shape;

    public TypedOutputs(T value)
    {
        Value = value;
        _shape = OutputRecord<T>.Ports;
    }

    /// <summary>Gets the record the node returned.</summary>
    public T Value { get; }

    public int Count => _shape.Names.Count;

    public IEnumerable<string> Keys => _shape.Names;

    public IEnumerable<object?> Values
    {
        get
        {
            foreach (var getter in _shape.Getters)
            {
                yield return getter(Value);
            }
        }
    }

    public object? this[string key]
        => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The output record {typeof(T).Name} has no port '{key}'.");

    public bool ContainsKey(string key) => _shape.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var at = _shape.IndexOf(key);
        value = at < 0 ? null : _shape.Getters[at](Value);
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _shape.Getters.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_shape.Names[i], _shape.Getters[i](Value));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
