using System.Text.Json;

namespace Kailash.Expressions;

/// <summary>Member access <c>target.name</c> or null-conditional member access <c>target?.name</c>.</summary>
internal sealed class MemberNode : ChainNode
{
    private readonly string _name;
    private readonly bool _conditional;

    /// <summary>Initializes a member access.</summary>
    /// <param name="target">The object, dictionary or JSON object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="conditional"><see langword="true"/> for <c>?.</c>.</param>
    /// <param name="end">Offset just past the field name.</param>
    public MemberNode(ExpressionTreeNode target, string name, bool conditional, int end)
        : base(target, end, target.Height + 1)
    {
        _name = name;
        _conditional = conditional;
    }

    /// <inheritdoc />
    public override object? EvaluateChain(EvaluationContext context, out bool shortCircuited)
    {
        var target = EvaluateTarget(context, out shortCircuited);
        if (shortCircuited)
        {
            return null;
        }

        if (target is null)
        {
            if (_conditional)
            {
                shortCircuited = true;
                return null;
            }

            throw context.Fail(
                $"'{context.TextOf(Target)}' is null, so its field '{_name}' cannot be read (use '?.' to allow null)");
        }

        return ReadField(context, Target, target, _name, "field");
    }

    /// <summary>Reads a named field of a dictionary, JSON object or CLR object.</summary>
    /// <param name="context">The evaluation context.</param>
    /// <param name="targetNode">The node that produced <paramref name="target"/>, for messages.</param>
    /// <param name="target">The non-null target value.</param>
    /// <param name="name">The field, key or property name.</param>
    /// <param name="noun">How to call the name in messages: <c>field</c> or <c>key</c>.</param>
    /// <returns>The normalized value.</returns>
    internal static object? ReadField(EvaluationContext context, ExpressionTreeNode targetNode, object target, string name, string noun)
    {
        switch (ExpressionValues.LookupKey(target, name, out var value))
        {
            case KeyLookup.Found:
                return value;
            case KeyLookup.Missing:
                throw context.Fail(
                    $"'{context.TextOf(targetNode)}' has no {noun} '{name}'. Available {noun}s: {ExpressionValues.JoinNames(ExpressionValues.GetKeys(target))}");
        }

        if (target is long or double or bool or JsonElement)
        {
            throw context.Fail(
                $"'{context.TextOf(targetNode)}' is {ExpressionValues.TypeName(target)}, which has no {noun} '{name}'");
        }

        if (ObjectMembers.IsOpaque(target.GetType()))
        {
            throw context.Fail(
                $"'{context.TextOf(targetNode)}' is a {target.GetType().Name}; expressions read only dictionaries, lists and plain data objects, so its {noun} '{name}' cannot be read");
        }

        if (ObjectMembers.TryGetProperty(target, name, out value))
        {
            return ExpressionValues.Normalize(value);
        }

        throw context.Fail(
            $"'{context.TextOf(targetNode)}' has no {noun} '{name}'. Available {noun}s: {ExpressionValues.JoinNames(ObjectMembers.GetPropertyNames(target.GetType()))}");
    }
}

/// <summary>Indexer access <c>target[index]</c> on lists, strings, dictionaries and objects.</summary>
internal sealed class IndexNode : ChainNode
{
    private readonly ExpressionTreeNode _index;

    /// <summary>Initializes an indexer access.</summary>
    /// <param name="target">The list, string, dictionary or object.</param>
    /// <param name="index">The index or key expression.</param>
    /// <param name="end">Offset just past the closing bracket.</param>
    public IndexNode(ExpressionTreeNode target, ExpressionTreeNode index, int end)
        : base(target, end, Math.Max(target.Height, index.Height) + 1)
    {
        _index = index;
    }

    /// <inheritdoc />
    public override object? EvaluateChain(EvaluationContext context, out bool shortCircuited)
    {
        var target = EvaluateTarget(context, out shortCircuited);
        if (shortCircuited)
        {
            return null;
        }

        var index = _index.Evaluate(context);
        if (target is null)
        {
            throw context.Fail($"'{context.TextOf(Target)}' is null and cannot be indexed");
        }

        if (index is string key)
        {
            if (target is string || ExpressionValues.IsList(target))
            {
                throw context.Fail(
                    $"'{context.TextOf(Target)}' is a {ExpressionValues.TypeName(target)}, so its index must be an integer, but '{context.TextOf(_index)}' is a string");
            }

            return MemberNode.ReadField(context, Target, target, key, "key");
        }

        if (!TryGetPosition(index, out var position))
        {
            throw context.Fail(
                $"index '{context.TextOf(_index)}' must be an integer or a string, but it is {ExpressionValues.TypeName(index)}");
        }

        int count;
        if (target is string text)
        {
            count = text.Length;
        }
        else if (ExpressionValues.IsList(target))
        {
            count = ExpressionValues.GetListCount(target);
        }
        else
        {
            throw context.Fail(
                $"'{context.TextOf(Target)}' is {ExpressionValues.TypeName(target)} and cannot be indexed by an integer");
        }

        if (position < 0)
        {
            throw context.Fail($"index {position} ('{context.TextOf(_index)}') is negative; indexes start at 0");
        }

        if (position >= count)
        {
            throw context.Fail(
                $"index {position} is out of range: '{context.TextOf(Target)}' has {count} {(target is string ? "characters" : "items")}");
        }

        return target is string s ? s[(int)position].ToString() : ExpressionValues.GetListItem(target, (int)position);
    }

    private static bool TryGetPosition(object? index, out long position)
    {
        switch (index)
        {
            case long l:
                position = l;
                return true;
            case double d when Math.Floor(d) == d && d is >= long.MinValue and < long.MaxValue:
                position = (long)d;
                return true;
            default:
                position = 0;
                return false;
        }
    }
}
