namespace Kailash.Expressions;

/// <summary>Supplies the values of the root identifiers an expression reads.</summary>
internal interface IExpressionScope
{
    /// <summary>Looks up the value bound to a root identifier.</summary>
    /// <param name="name">The identifier, e.g. <c>data</c> in <c>data.score &gt; 0.5</c>.</param>
    /// <param name="value">The bound value (may be <see langword="null"/>) when found.</param>
    /// <returns><see langword="true"/> when the identifier is bound in this scope.</returns>
    bool TryGetValue(string name, out object? value);

    /// <summary>
    /// Names this scope can resolve, used only to build helpful error messages.
    /// Scopes that cannot list their names may keep the default (empty) implementation.
    /// </summary>
    /// <returns>The available names, in a stable order.</returns>
    IEnumerable<string> GetAvailableNames() => [];
}
