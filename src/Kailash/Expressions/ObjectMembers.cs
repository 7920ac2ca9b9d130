using System.Collections.Concurrent;
using System.Reflection;

namespace Kailash.Expressions;

/// <summary>
/// Reads public instance properties of plain data objects by name (case-insensitive), caching reflection per type.
/// Sandbox: framework reference types (anything in a <c>System</c> or <c>Microsoft</c> namespace: <see cref="Type"/>,
/// assemblies, streams, tasks…), delegates and reflection objects are opaque, so an expression cannot walk from a value
/// into the runtime (<c>x.GetType</c>-style escapes). Framework value types (<see cref="DateTime"/>, <see cref="TimeSpan"/>)
/// stay readable. Methods are never called.
/// </summary>
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
        if (IsOpaque(target.GetType()))
        {
            value = null;
            return false;
        }

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
    public static IReadOnlyList<string> GetPropertyNames(Type type) => IsOpaque(type) ? [] : For(type).Names;

    /// <summary>Whether expressions may not read the members of values of this type.</summary>
    /// <param name="type">The runtime type.</param>
    /// <returns><see langword="true"/> for framework reference types, delegates and reflection objects.</returns>
    public static bool IsOpaque(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type) || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type)
            || typeof(Module).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsValueType || type == typeof(string))
        {
            return false;
        }

        var ns = type.Namespace ?? string.Empty;
        return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

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
