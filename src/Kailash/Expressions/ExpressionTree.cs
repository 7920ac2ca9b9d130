namespace Kailash.Expressions;

/// <summary>Base of the immutable syntax tree; each node evaluates itself against a context.</summary>
internal abstract class ExpressionTreeNode
{
    /// <summary>Initializes a node spanning <c>[start, end)</c> of the source.</summary>
    /// <param name="start">Offset of the node's first character.</param>
    /// <param name="end">Offset just past the node's last character.</param>
    /// <param name="height">Height of the subtree rooted here (leaves are 1).</param>
    protected ExpressionTreeNode(int start, int end, int height)
    {
        Start = start;
        End = end;
        Height = height;
    }

    /// <summary>Gets the offset of the node's first character.</summary>
    public int Start { get; }

    /// <summary>Gets the offset just past the node's last character.</summary>
    public int End { get; }

    /// <summary>Gets the height of the subtree rooted at this node.</summary>
    public int Height { get; }

    /// <summary>Evaluates the node.</summary>
    /// <param name="context">The evaluation context.</param>
    /// <returns>The normalized value.</returns>
    public abstract object? Evaluate(EvaluationContext context);
}

/// <summary>
/// A node of a member/index chain. Supports C#-style null-conditional short-circuiting:
/// in <c>a?.b.c</c>, when <c>a</c> is null the whole chain is null.
/// </summary>
internal abstract class ChainNode : ExpressionTreeNode
{
    /// <summary>Initializes a chain node.</summary>
    /// <param name="target">The node the member or index is applied to.</param>
    /// <param name="end">Offset just past the node's last character.</param>
    /// <param name="height">Height of the subtree.</param>
    protected ChainNode(ExpressionTreeNode target, int end, int height)
        : base(target.Start, end, height)
    {
        Target = target;
    }

    /// <summary>Gets the node the member or index is applied to.</summary>
    public ExpressionTreeNode Target { get; }

    /// <inheritdoc />
    public sealed override object? Evaluate(EvaluationContext context) => EvaluateChain(context, out _);

    /// <summary>Evaluates the chain up to this node.</summary>
    /// <param name="context">The evaluation context.</param>
    /// <param name="shortCircuited">Set when a <c>?.</c> earlier in the chain met null.</param>
    /// <returns>The normalized value, or null when short-circuited.</returns>
    public abstract object? EvaluateChain(EvaluationContext context, out bool shortCircuited);

    /// <summary>Evaluates <see cref="Target"/>, propagating short-circuiting from an enclosing chain.</summary>
    /// <param name="context">The evaluation context.</param>
    /// <param name="shortCircuited">Set when the target's chain short-circuited.</param>
    /// <returns>The target value.</returns>
    protected object? EvaluateTarget(EvaluationContext context, out bool shortCircuited)
    {
        if (Target is ChainNode chain)
        {
            return chain.EvaluateChain(context, out shortCircuited);
        }

        shortCircuited = false;
        return Target.Evaluate(context);
    }
}
