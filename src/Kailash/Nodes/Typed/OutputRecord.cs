using System.Linq.Expressions;
using System.Reflection;

namespace Kailash.Nodes.Typed;

/// <summary>The output ports of a typed node: one per public property of <typeparamref name="T"/>, read once per type.</summary>
/// <typeparam name="T">The output record.</typeparam>
internal static class OutputRecord<T>
{
    private static readonly (Shape? Shape, KailashException? Error) Built = PortMembers.TryBuild(Build);

    /// <summary>Gets the shape, or throws the coded error that explains why the record cannot be used (<c>KWF014</c>).</summary>
    public static Shape Ports => Built.Shape ?? throw PortMembers.Again(Built.Error!);

    private static Shape Build()
    {
        var type = typeof(T);
        var properties = PortMembers.Properties(type);
        if (properties.Length == 0)
        {
            throw PortMembers.Invalid(type, "output", "it has no public properties. Please declare at least one output property.");
        }

        var names = new string[properties.Length];
        var types = new Type[properties.Length];
        var getters = new Func<T, object?>[properties.Length];
        var record = Expression.Parameter(type, "record");
        for (var i = 0; i < properties.Length; i++)
        {
            names[i] = PortMembers.WireName(properties[i], null);
            types[i] = properties[i].PropertyType;
            getters[i] = Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(record, properties[i]), typeof(object)), record).Compile();
        }

        PortMembers.CheckUnique(type, "output", names, properties);
        return new Shape(names, types, getters, properties);
    }

    /// <summary>The output ports: wire names, declared types and cached getters, index-aligned.</summary>
    internal sealed class Shape(string[] names, Type[] types, Func<T, object?>[] getters, PropertyInfo[] properties)
    {
        public IReadOnlyList<string> Names { get; } = names;

        public Type[] Types { get; } = types;

        public Func<T, object?>[] Getters { get; } = getters;

        public PropertyInfo[] Properties { get; } = properties;

        public int IndexOf(string port)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], port, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
