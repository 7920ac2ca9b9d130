namespace Kailash.Expressions;

/// <summary>
/// Thrown when a parsed expression fails while it is evaluated, for example on a division by zero,
/// an unknown identifier, a missing field or an operand of the wrong type.
/// </summary>
/// <remarks>The error code is always <c>KWF047</c>.</remarks>
public sealed class ExpressionEvaluationException : Exception
{
    /// <summary>The error code carried by every <see cref="ExpressionEvaluationException"/>.</summary>
    public const string ErrorCode = "KWF047";

    /// <summary>Initializes a new instance with a generic message.</summary>
    public ExpressionEvaluationException()
        : this(string.Empty, "the expression could not be evaluated")
    {
    }

    /// <summary>Initializes a new instance with a custom message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ExpressionEvaluationException(string message)
        : base(message)
    {
        Expression = string.Empty;
        Detail = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance with a custom message and an inner exception.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ExpressionEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = string.Empty;
        Detail = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance describing why evaluating an expression failed.</summary>
    /// <param name="expression">The expression text that was evaluated.</param>
    /// <param name="detail">The cause, e.g. <c>division by zero</c> (without a trailing period).</param>
    public ExpressionEvaluationException(string expression, string detail)
        : base(FormatMessage(expression, detail))
    {
        Expression = expression ?? string.Empty;
        Detail = detail ?? string.Empty;
    }

    /// <summary>Initializes a new instance describing why evaluating an expression failed.</summary>
    /// <param name="expression">The expression text that was evaluated.</param>
    /// <param name="detail">The cause, e.g. <c>arithmetic overflow</c> (without a trailing period).</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ExpressionEvaluationException(string expression, string detail, Exception innerException)
        : base(FormatMessage(expression, detail), innerException)
    {
        Expression = expression ?? string.Empty;
        Detail = detail ?? string.Empty;
    }

    /// <summary>Gets the error code, always <c>KWF047</c>.</summary>
    public string Code { get; } = ErrorCode;

    /// <summary>Gets the expression text whose evaluation failed.</summary>
    public string Expression { get; }

    /// <summary>Gets the short description of the cause, e.g. <c>division by zero</c>.</summary>
    public string Detail { get; }

    private static string FormatMessage(string? expression, string? detail) =>
        $"{ErrorCode}: Evaluating '{expression}' failed: {detail}.";
}
