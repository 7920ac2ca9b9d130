using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Kailash.Expressions;

/// <summary>
/// A parsed expression of the Kailash expression language: a small language accepting C#-like and Python forms, used by
/// <c>ExpressionNode</c>, cycle convergence conditions (<c>converge_when</c>) and conditions in workflow files.
/// </summary>
/// <remarks>
/// Parse once with <see cref="Parse(string)"/> and evaluate many times; the parsed tree is immutable, so
/// <see cref="Evaluate"/> is thread-safe. Results are plain CLR values: <see cref="long"/>, <see cref="double"/>,
/// <see cref="string"/>, <see cref="bool"/>, <see langword="null"/>, lists and dictionaries (JSON values are converted).
/// </remarks>
internal sealed class ExpressionProgram
{
    private readonly ExpressionTreeNode _root;

    /// <summary>Initializes a program from a parsed tree.</summary>
    /// <param name="source">The expression text.</param>
    /// <param name="root">The root of the syntax tree.</param>
    /// <param name="identifiers">The free root identifiers, in first-appearance order.</param>
    internal ExpressionProgram(string source, ExpressionTreeNode root, string[] identifiers)
    {
        Source = source;
        _root = root;
        Identifiers = new ReadOnlyCollection<string>(identifiers);
    }

    /// <summary>Gets the expression text this program was parsed from.</summary>
    public string Source { get; }

    /// <summary>
    /// Gets the distinct root identifiers the expression reads (not member names, not function names),
    /// in order of first appearance. For <c>data.score &gt; limit &amp;&amp; abs(data.delta) &lt; 1</c> this is <c>data, limit</c>.
    /// </summary>
    public IReadOnlyList<string> Identifiers { get; }

    /// <summary>Parses an expression.</summary>
    /// <param name="source">The expression text.</param>
    /// <returns>The parsed program.</returns>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression (code <c>KWF010</c>).</exception>
    public static ExpressionProgram Parse(string source) => Parse(source, ExpressionFunctionRegistry.BuiltIn);

    /// <summary>Parses an expression whose calls resolve against <paramref name="functions"/>.</summary>
    /// <param name="source">The expression text.</param>
    /// <param name="functions">The callable functions.</param>
    /// <returns>The parsed program.</returns>
    /// <exception cref="ExpressionSyntaxException">The text is not a valid expression (code <c>KWF010</c>).</exception>
    public static ExpressionProgram Parse(string source, ExpressionFunctionRegistry functions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(functions);
        return ExpressionParser.Parse(source, functions);
    }

    /// <summary>Tries to parse an expression.</summary>
    /// <param name="source">The expression text.</param>
    /// <param name="program">The parsed program on success.</param>
    /// <param name="error">The syntax error on failure.</param>
    /// <returns><see langword="true"/> when the text parsed.</returns>
    public static bool TryParse(
        string source,
        [NotNullWhen(true)] out ExpressionProgram? program,
        [NotNullWhen(false)] out ExpressionSyntaxException? error)
        => TryParse(source, ExpressionFunctionRegistry.BuiltIn, out program, out error);

    /// <summary>Tries to parse an expression whose calls resolve against <paramref name="functions"/>.</summary>
    /// <param name="source">The expression text.</param>
    /// <param name="functions">The callable functions.</param>
    /// <param name="program">The parsed program on success.</param>
    /// <param name="error">The syntax error on failure.</param>
    /// <returns><see langword="true"/> when the text parsed.</returns>
    public static bool TryParse(
        string source,
        ExpressionFunctionRegistry functions,
        [NotNullWhen(true)] out ExpressionProgram? program,
        [NotNullWhen(false)] out ExpressionSyntaxException? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(functions);
        try
        {
            program = ExpressionParser.Parse(source, functions);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException ex)
        {
            program = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Evaluates the expression against a scope.</summary>
    /// <param name="scope">Resolves the root identifiers.</param>
    /// <returns>The result as a plain CLR value.</returns>
    /// <exception cref="ExpressionEvaluationException">Evaluation failed (code <c>KWF047</c>); no other exception type escapes.</exception>
    public object? Evaluate(IExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var context = new EvaluationContext(Source, scope);
        try
        {
            return ExpressionValues.ToPlain(_root.Evaluate(context));
        }
        catch (ExpressionEvaluationException)
        {
            throw;
        }
#pragma warning disable CA1031 // Contract: every failure surfaces as ExpressionEvaluationException.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new ExpressionEvaluationException(Source, Describe(ex), ex);
        }
    }

    /// <summary>Evaluates the expression and requires a bool result.</summary>
    /// <param name="scope">Resolves the root identifiers.</param>
    /// <returns>The bool result.</returns>
    /// <exception cref="ExpressionEvaluationException">Evaluation failed or the result is not a bool (code <c>KWF047</c>).</exception>
    public bool EvaluateCondition(IExpressionScope scope)
    {
        var result = Evaluate(scope);
        return result is bool b
            ? b
            : throw new ExpressionEvaluationException(
                Source,
                $"a condition must produce true or false, but the result is {ExpressionValues.TypeName(result)} ({Preview(result)})");
    }

    /// <inheritdoc />
    public override string ToString() => Source;

    private static string Preview(object? value)
    {
        const int MaxLength = 80;
        var text = ExpressionValues.Format(value);
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "...");
    }

    private static string Describe(Exception exception) => exception switch
    {
        OverflowException => "arithmetic overflow (the result does not fit in a 64-bit integer)",
        _ => $"{exception.GetType().Name}: {exception.Message.TrimEnd('.')}",
    };
}
