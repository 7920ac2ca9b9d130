using System.Collections.Concurrent;
using System.Reflection;

namespace Kailash.Expressions;

/// <summary>Reads public instance properties of CLR objects by name (case-insensitive), caching reflection per type.</summary>
internal static class ObjectMembers
{
    private static readonly ConcurrentDictionary<Type, TypeMembers> Cache = new();

    /// <summary>Reads the property <paramref name="name"/> of <paramref name="target"/>.</summary>
    /// <param name="target">The object.</param>
    /// <param name="name">The property name; an exact-case match wins over a case-insensitive one.</param>
    /// <param name="value">The property value when found.</param>
    /// <returns><see langword="true"/> when the type has a readable public instance property of that name.</returns>
    public static bool TryGetProperty(object target, string name, out object? value)
    {
        var members = For(target.GetType());
        if (members.Exact.TryGetValue(name, out var property) || members.IgnoreCase.TryGetValue(name, out property))
        {
            value = property.GetValue(target, BindingFlags.DoNotWrapExceptions, binder: null, index: null, culture: null);
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Lists the readable public instance property names of a type, in declaration order.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The property names.</returns>
    public static IReadOnlyList<string> GetPropertyNames(Type type) => For(type).Names;

    private static TypeMembers For(Type type) => Cache.GetOrAdd(type, static t => new TypeMembers(t));

    private sealed class TypeMembers
    {
        public TypeMembers(Type type)
        {
            var names = new List<string>();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
                {
                    continue;
                }

                if (Exact.TryAdd(property.Name, property))
                {
                    names.Add(property.Name);
                }

                IgnoreCase.TryAdd(property.Name, property);
            }

            Names = names.AsReadOnly();
        }

        public Dictionary<string, PropertyInfo> Exact { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, PropertyInfo> IgnoreCase { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IReadOnlyList<string> Names { get; }
    }
}
