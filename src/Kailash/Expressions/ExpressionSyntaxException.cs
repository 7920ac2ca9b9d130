using System.Globalization;

namespace Kailash.Expressions;

/// <summary>
/// Thrown when an expression (for example an <c>ExpressionNode</c> expression, a cycle's
/// <c>converge_when</c> condition or a condition in a workflow file) cannot be parsed.
/// </summary>
/// <remarks>The error code is always <c>KWF010</c>.</remarks>
public sealed class ExpressionSyntaxException : Exception
{
    /// <summary>The error code carried by every <see cref="ExpressionSyntaxException"/>.</summary>
    public const string ErrorCode = "KWF010";

    /// <summary>Initializes a new instance with a generic message.</summary>
    public ExpressionSyntaxException()
        : this(string.Empty, 0, "the expression is invalid")
    {
    }

    /// <summary>Initializes a new instance with a custom message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ExpressionSyntaxException(string message)
        : base(message)
    {
        Expression = string.Empty;
        Detail = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance with a custom message and an inner exception.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ExpressionSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = string.Empty;
        Detail = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance describing a syntax error at a position in an expression.</summary>
    /// <param name="expression">The expression text that failed to parse.</param>
    /// <param name="position">The 0-based character offset of the error in <paramref name="expression"/>.</param>
    /// <param name="detail">What is wrong, e.g. <c>unexpected '*'</c> (without a trailing period).</param>
    public ExpressionSyntaxException(string expression, int position, string detail)
        : base(FormatMessage(expression, position, detail))
    {
        Expression = expression ?? string.Empty;
        Position = position;
        Detail = detail ?? string.Empty;
    }

    /// <summary>Gets the error code, always <c>KWF010</c>.</summary>
    public string Code { get; } = ErrorCode;

    /// <summary>Gets the expression text that failed to parse.</summary>
    public string Expression { get; }

    /// <summary>Gets the 0-based character offset in <see cref="Expression"/> where the error was detected.</summary>
    public int Position { get; }

    /// <summary>Gets the short description of what is wrong, e.g. <c>unexpected '*'</c>.</summary>
    public string Detail { get; }

    private static string FormatMessage(string? expression, int position, string? detail) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{ErrorCode}: Invalid expression '{expression}' at position {position}: {detail}. Please fix the expression syntax.");
}
