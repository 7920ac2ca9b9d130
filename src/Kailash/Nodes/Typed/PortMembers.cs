using System.ComponentModel;
using System.Reflection;
using System.Text.Json;

namespace Kailash.Nodes.Typed;

/// <summary>Reads the port-relevant facts of a record's properties (wire name, description, attributes), once per type.</summary>
internal static class PortMembers
{
    /// <summary>The public instance properties of a record, in declaration order (indexers left out).</summary>
    public static PropertyInfo[] Properties(Type type)
        => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.CanRead)
            .OrderBy(property => property.MetadataToken)];

    /// <summary>The port name on the wire: <see cref="PortAttribute.Name"/>, else the property name in snake_case.</summary>
    public static string WireName(PropertyInfo property, ParameterInfo? parameter)
        => Attribute<PortAttribute>(property, parameter)?.Name is { Length: > 0 } name ? name : JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    public static string? Description(PropertyInfo property, ParameterInfo? parameter)
        => Attribute<DescriptionAttribute>(property, parameter)?.Description;

    public static TAttribute? Attribute<TAttribute>(PropertyInfo property, ParameterInfo? parameter)
        where TAttribute : Attribute
        => property.GetCustomAttribute<TAttribute>() ?? parameter?.GetCustomAttribute<TAttribute>();

    /// <summary>Rejects two properties that map to one wire name.</summary>
    public static void CheckUnique(Type record, string role, IReadOnlyList<string> names, IReadOnlyList<PropertyInfo> properties)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!seen.TryAdd(names[i], properties[i].Name))
            {
                throw Invalid(record, role, $"properties '{seen[names[i]]}' and '{properties[i].Name}' both map to port '{names[i]}'. Please rename one or give it [Port(Name = ...)].");
            }
        }
    }

    /// <summary>Builds a record's shape once; a record that cannot describe ports keeps its error for every later use.</summary>
    public static (TShape? Shape, KailashException? Error) TryBuild<TShape>(Func<TShape> build)
        where TShape : class
    {
        try
        {
            return (build(), null);
        }
        catch (KailashException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>A fresh copy of a kept error, so each throw has its own stack trace.</summary>
    public static KailashException Again(KailashException error) => new(error.Code, error.Message);

    public static KailashException Invalid(Type record, string role, string problem)
        => new(ErrorCodes.InvalidPortRecord, $"The {role} record {record.Name} cannot describe a node's ports: {problem}");
}
