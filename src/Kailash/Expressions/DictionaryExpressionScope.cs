namespace Kailash.Expressions;

/// <summary>An <see cref="IExpressionScope"/> backed by a read-only dictionary of variables.</summary>
internal sealed class DictionaryExpressionScope : IExpressionScope
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    /// <summary>Initializes a new scope over <paramref name="values"/>; the dictionary is not copied.</summary>
    /// <param name="values">The variables, keyed by identifier.</param>
    public DictionaryExpressionScope(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    /// <inheritdoc />
    public bool TryGetValue(string name, out object? value) => _values.TryGetValue(name, out value);

    /// <inheritdoc />
    public IEnumerable<string> GetAvailableNames() => _values.Keys;
}
