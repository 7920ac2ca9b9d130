using System.ComponentModel;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Kailash.Internal;

namespace Kailash.Nodes.Typed;

/// <summary>
/// The input ports of a typed node, read once per type: one per constructor parameter or settable property of
/// <typeparamref name="T"/>, and a compiled reader that builds the record from a node's bound inputs.
/// </summary>
/// <typeparam name="T">The input record.</typeparam>
internal static class InputRecord<T>
{
    private static readonly (Shape? Shape, KailashException? Error) Built = PortMembers.TryBuild(Build);

    /// <summary>Gets the shape, or throws the coded error that explains why the record cannot be used (<c>KWF014</c>).</summary>
    public static Shape Ports => Built.Shape ?? throw PortMembers.Again(Built.Error!);

    private static Shape Build()
    {
        var type = typeof(T);
        var properties = PortMembers.Properties(type);
        var constructor = ChooseConstructor(type, properties);
        var inputs = Expression.Parameter(typeof(NodeInputs), "inputs");
        var instance = Expression.Variable(type, "record");
        var body = new List<Expression>();
        var variables = new List<ParameterExpression> { instance };
        var ports = new List<NodeParameter>();
        var portProperties = new List<PropertyInfo>();
        var arguments = new List<Expression>();
        object? prototype = null;
        var prototypeMade = false;
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var property = properties.First(p => Matches(p, parameter));
            var port = Describe(property, parameter, required: !parameter.HasDefaultValue, parameter.HasDefaultValue, parameter.HasDefaultValue ? parameter.DefaultValue : null);
            ports.Add(port.Parameter);
            portProperties.Add(property);
            arguments.Add(Expression.Call(Reader(nameof(InputPort.Argument), property.PropertyType), inputs, Expression.Constant(port)));
        }

        body.Add(Expression.Assign(instance, constructor is null ? Expression.New(type) : Expression.New(constructor, arguments)));
        foreach (var property in properties)
        {
            if (portProperties.Contains(property) || property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var required = property.IsDefined(typeof(RequiredMemberAttribute), inherit: false);
            if (!prototypeMade && !required)
            {
                prototype = Prototype(type, constructor);
                prototypeMade = true;
            }

            var initial = required || prototype is null ? null : property.GetValue(prototype);
            var port = Describe(property, null, required, hasDefault: IsImmutableDefault(initial), initial);
            ports.Add(port.Parameter);
            portProperties.Add(property);
            var value = Expression.Variable(property.PropertyType, property.Name);
            variables.Add(value);
            body.Add(Expression.IfThen(
                Expression.Call(Reader(nameof(InputPort.TryRead), property.PropertyType), inputs, Expression.Constant(port), value),
                Expression.Assign(Expression.Property(instance, property), value)));
        }

        body.Add(instance);
        PortMembers.CheckUnique(type, "input", [.. ports.Select(p => p.Name)], portProperties);
        var read = Expression.Lambda<Func<NodeInputs, T>>(Expression.Block(type, variables, body), inputs).Compile();
        return new Shape(ports, read);
    }

    /// <summary>The public constructor whose parameters all name properties (a positional record's primary constructor), the widest first.</summary>
    private static ConstructorInfo? ChooseConstructor(Type type, PropertyInfo[] properties)
    {
        var chosen = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters().All(parameter => properties.Any(p => Matches(p, parameter))))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (chosen is null && !type.IsValueType)
        {
            throw PortMembers.Invalid(type, "input", "no public constructor takes only parameters named after its properties. Please use a positional record or a record with a parameterless constructor and init properties.");
        }

        return chosen is { } c && c.GetParameters().Length == 0 && type.IsValueType ? null : chosen;
    }

    private static bool Matches(PropertyInfo property, ParameterInfo parameter)
        => string.Equals(property.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) && property.PropertyType == parameter.ParameterType;

    private static InputPort Describe(PropertyInfo property, ParameterInfo? parameter, bool required, bool hasDefault, object? initial)
    {
        var name = PortMembers.WireName(property, parameter);
        var type = property.PropertyType;
        if (PortMembers.Attribute<DefaultValueAttribute>(property, parameter) is { } explicitDefault)
        {
            (required, hasDefault, initial) = (false, true, explicitDefault.Value);
        }

        if (hasDefault && initial is not null && !ValueConverter.TryConvert(initial, type, out initial, out var problem))
        {
            throw PortMembers.Invalid(typeof(T), "input", $"the default of '{property.Name}' does not fit {type.Name}: {problem}");
        }

        var options = PortMembers.Attribute<PortAttribute>(property, parameter);
        return new InputPort(new NodeParameter(name, type)
        {
            Required = required,
            HasDefault = hasDefault,
            Default = hasDefault ? initial : null,
            Description = PortMembers.Description(property, parameter),
            IsSecret = options?.IsSecret ?? false,
            WorkflowAlias = options?.WorkflowAlias,
        });
    }

    /// <summary>An instance made once to read property initializers: through the chosen constructor, given its defaults (or the types' defaults).</summary>
    private static object? Prototype(Type type, ConstructorInfo? constructor)
    {
        try
        {
            return constructor is null
                ? Activator.CreateInstance(type)
                : constructor.Invoke([.. constructor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null)]);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>Only immutable initial values become declared defaults; a shared mutable default would leak between runs.</summary>
    private static bool IsImmutableDefault(object? value)
        => value is not null && (value is string or decimal or DateTime or DateTimeOffset or TimeSpan or Guid || value.GetType().IsPrimitive || value.GetType().IsEnum);

    private static MethodInfo Reader(string name, Type valueType)
        => typeof(InputPort).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(valueType);

    /// <summary>The input ports and the compiled reader.</summary>
    internal sealed class Shape(List<NodeParameter> parameters, Func<NodeInputs, T> read)
    {
        public IReadOnlyList<NodeParameter> Parameters { get; } = parameters;

        public Func<NodeInputs, T> Read { get; } = read;
    }
}
