using System.Collections.Frozen;

namespace Kailash.Expressions;

/// <summary>The built-in helper functions (and <see cref="Custom"/> for functions an application registers).</summary>
internal enum BuiltinFunction
{
    Abs,
    Min,
    Max,
    Len,
    Round,
    Floor,
    Ceil,
    Sqrt,
    Sum,
    Any,
    All,
    Str,
    Int,
    Float,
    Bool,
    Upper,
    Lower,
    Strip,
    StartsWith,
    EndsWith,
    Contains,
    Split,
    Join,
    Replace,
    Get,
    Custom,
}

/// <summary>Name and arity of a function callable from expressions.</summary>
/// <param name="Name">The name used in expressions.</param>
/// <param name="Function">The built-in function, or <see cref="BuiltinFunction.Custom"/>.</param>
/// <param name="MinArguments">Minimum argument count.</param>
/// <param name="MaxArguments">Maximum argument count.</param>
internal sealed record FunctionInfo(string Name, BuiltinFunction Function, int MinArguments, int MaxArguments)
{
    /// <summary>Gets a value indicating whether the function may also be called as a method of its first argument (<c>name.upper()</c>).</summary>
    public bool IsMethod { get; init; }

    /// <summary>Gets the implementation of an application-registered function.</summary>
    public Func<IReadOnlyList<object?>, object?>? Custom { get; init; }

    /// <summary>Describes the accepted argument count, e.g. <c>1 argument</c>.</summary>
    /// <param name="receiver">1 when called as a method (the receiver is not counted), otherwise 0.</param>
    /// <returns>The description.</returns>
    public string DescribeArity(int receiver = 0) => (MinArguments - receiver, MaxArguments == int.MaxValue ? int.MaxValue : MaxArguments - receiver) switch
    {
        (1, 1) => "1 argument",
        (0, 0) => "no arguments",
        (var min, int.MaxValue) => $"at least {min} argument{(min == 1 ? string.Empty : "s")}",
        (var min, var max) when min == max => $"{min} arguments",
        (var min, var max) => $"{min} to {max} arguments",
    };
}

/// <summary>The built-in functions, resolved by name at parse time.</summary>
internal static class ExpressionFunctions
{
    private static readonly FunctionInfo[] All =
    [
        new("abs", BuiltinFunction.Abs, 1, 1),
        new("min", BuiltinFunction.Min, 1, int.MaxValue),
        new("max", BuiltinFunction.Max, 1, int.MaxValue),
        new("len", BuiltinFunction.Len, 1, 1),
        new("round", BuiltinFunction.Round, 1, 2),
        new("floor", BuiltinFunction.Floor, 1, 1),
        new("ceil", BuiltinFunction.Ceil, 1, 1),
        new("sqrt", BuiltinFunction.Sqrt, 1, 1),
        new("sum", BuiltinFunction.Sum, 1, 2),
        new("any", BuiltinFunction.Any, 1, 1),
        new("all", BuiltinFunction.All, 1, 1),
        new("str", BuiltinFunction.Str, 1, 1),
        new("int", BuiltinFunction.Int, 1, 1),
        new("float", BuiltinFunction.Float, 1, 1),
        new("bool", BuiltinFunction.Bool, 1, 1),
        new("upper", BuiltinFunction.Upper, 1, 1) { IsMethod = true },
        new("lower", BuiltinFunction.Lower, 1, 1) { IsMethod = true },
        new("strip", BuiltinFunction.Strip, 1, 2) { IsMethod = true },
        new("startswith", BuiltinFunction.StartsWith, 2, 2) { IsMethod = true },
        new("endswith", BuiltinFunction.EndsWith, 2, 2) { IsMethod = true },
        new("contains", BuiltinFunction.Contains, 2, 2) { IsMethod = true },
        new("split", BuiltinFunction.Split, 1, 2) { IsMethod = true },
        new("join", BuiltinFunction.Join, 2, 2) { IsMethod = true },
        new("replace", BuiltinFunction.Replace, 3, 3) { IsMethod = true },
        new("get", BuiltinFunction.Get, 2, 3) { IsMethod = true },
    ];

    private static readonly FrozenDictionary<string, FunctionInfo> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Gets the names of the built-in functions, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name).Order(StringComparer.Ordinal)];

    /// <summary>Gets the names that may be called as methods, for error messages.</summary>
    public static string MethodNames { get; } = string.Join(", ", All.Where(f => f.IsMethod).Select(f => f.Name));

    /// <summary>Looks a built-in function up by its (case-sensitive) name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The function, or <see langword="null"/> when unknown.</returns>
    public static FunctionInfo? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Looks up a built-in that may be called as a method (<c>text.upper()</c>).</summary>
    /// <param name="name">The method name.</param>
    /// <returns>The function, or <see langword="null"/>.</returns>
    public static FunctionInfo? FindMethod(string name) => ByName.GetValueOrDefault(name) is { IsMethod: true } f ? f : null;
}
