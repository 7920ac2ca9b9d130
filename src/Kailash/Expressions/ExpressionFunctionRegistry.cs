using System.Text.RegularExpressions;

namespace Kailash.Expressions;

/// <summary>
/// The functions expressions may call: the built-ins (<c>abs len min max round sum str int upper split join …</c>) plus
/// functions an application registers from C#. Each <see cref="Nodes.NodeRegistry"/> owns one (see
/// <see cref="Nodes.NodeRegistry.Functions"/>); workflows built with that registry resolve their expressions' calls against
/// it when they are built. There is no global, mutable function table.
/// </summary>
/// <remarks>
/// A registered function receives its arguments as plain values (<see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/>, <see cref="bool"/>, <see langword="null"/>, <see cref="List{T}"/> and
/// <see cref="Dictionary{TKey, TValue}"/>) and returns such a value. Whatever it throws becomes an evaluation error
/// (code <c>KWF047</c>) naming the function. Functions must be thread-safe: one workflow may run concurrently.
/// </remarks>
public sealed partial class ExpressionFunctionRegistry
{
    private static readonly Lazy<ExpressionFunctionRegistry> BuiltInFunctions = new(() => new ExpressionFunctionRegistry().Freeze());
    private readonly Dictionary<string, FunctionInfo> _custom = new(StringComparer.Ordinal);
    private volatile bool _frozen;

    /// <summary>Gets the read-only registry holding only the built-in functions.</summary>
    public static ExpressionFunctionRegistry BuiltIn => BuiltInFunctions.Value;

    /// <summary>Gets a value indicating whether the registry is read-only.</summary>
    public bool IsReadOnly => _frozen;

    /// <summary>Gets every callable name (built-in and registered), sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_custom)
            {
                return [.. ExpressionFunctions.Names.Concat(_custom.Keys).Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Gets the names for error messages.</summary>
    internal string AvailableNames => string.Join(", ", Names);

    /// <summary>Registers a function of one argument.</summary>
    /// <param name="name">The name expressions call it by (letters, digits and underscores; not a built-in's name).</param>
    /// <param name="function">The implementation.</param>
    /// <returns>This registry.</returns>
    public ExpressionFunctionRegistry Register(string name, Func<object?, object?> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Register(name, 1, 1, args => function(args[0]));
    }

    /// <summary>Registers a function of two arguments.</summary>
    /// <param name="name">The name expressions call it by.</param>
    /// <param name="function">The implementation.</param>
    /// <returns>This registry.</returns>
    public ExpressionFunctionRegistry Register(string name, Func<object?, object?, object?> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Register(name, 2, 2, args => function(args[0], args[1]));
    }

    /// <summary>Registers a function taking between <paramref name="minArguments"/> and <paramref name="maxArguments"/> arguments.</summary>
    /// <param name="name">The name expressions call it by.</param>
    /// <param name="minArguments">The fewest arguments a call may pass (checked when the expression is parsed).</param>
    /// <param name="maxArguments">The most arguments a call may pass (<see cref="int.MaxValue"/> for no limit).</param>
    /// <param name="function">The implementation; receives the evaluated arguments.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException">The name is not an identifier, is a built-in's or a keyword, or is already registered.</exception>
    /// <exception cref="InvalidOperationException">The registry is read-only.</exception>
    public ExpressionFunctionRegistry Register(string name, int minArguments, int maxArguments, Func<IReadOnlyList<object?>, object?> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentOutOfRangeException.ThrowIfNegative(minArguments);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxArguments, minArguments);
        if (_frozen)
        {
            throw new InvalidOperationException("This function registry is read-only. Please register functions on the registry of a NodeRegistry from NodeRegistry.CreateDefault().");
        }

        if (!IdentifierPattern().IsMatch(name) || ExpressionLexer.Tokenize(name)[0].Kind != TokenKind.Identifier)
        {
            throw new ArgumentException($"'{name}' is not a valid function name: use letters, digits and underscores, not starting with a digit, and not a keyword.", nameof(name));
        }

        if (ExpressionFunctions.Find(name) is not null)
        {
            throw new ArgumentException($"'{name}' is a built-in function and cannot be replaced. Please choose another name.", nameof(name));
        }

        lock (_custom)
        {
            if (!_custom.TryAdd(name, new FunctionInfo(name, BuiltinFunction.Custom, minArguments, maxArguments) { Custom = function }))
            {
                throw new ArgumentException($"A function named '{name}' is already registered.", nameof(name));
            }
        }

        return this;
    }

    /// <summary>Tells whether a name is callable (built-in or registered).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when callable.</returns>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>Makes the registry read-only.</summary>
    /// <returns>This registry.</returns>
    public ExpressionFunctionRegistry Freeze()
    {
        _frozen = true;
        return this;
    }

    /// <summary>Finds a function by name: built-ins first, then registered ones.</summary>
    internal FunctionInfo? Find(string name)
    {
        if (ExpressionFunctions.Find(name) is { } builtIn)
        {
            return builtIn;
        }

        lock (_custom)
        {
            return _custom.GetValueOrDefault(name);
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
