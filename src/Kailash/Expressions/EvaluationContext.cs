namespace Kailash.Expressions;

/// <summary>Per-call state of one <see cref="ExpressionProgram.Evaluate"/> run.</summary>
internal sealed class EvaluationContext
{
    /// <summary>Initializes a new context.</summary>
    /// <param name="source">The expression text, used in error messages.</param>
    /// <param name="scope">The scope that resolves root identifiers.</param>
    public EvaluationContext(string source, IExpressionScope scope)
    {
        Source = source;
        Scope = scope;
    }

    /// <summary>Gets the expression text.</summary>
    public string Source { get; }

    /// <summary>Gets the scope that resolves root identifiers.</summary>
    public IExpressionScope Scope { get; }

    /// <summary>Creates the exception that reports an evaluation failure.</summary>
    /// <param name="detail">The cause, without a trailing period.</param>
    /// <returns>The exception to throw.</returns>
    public ExpressionEvaluationException Fail(string detail) => new(Source, detail);

    /// <summary>Gets the source text a node was parsed from, for error messages.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The node's text.</returns>
    public string TextOf(ExpressionTreeNode node) => Source[node.Start..node.End];
}
