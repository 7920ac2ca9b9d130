using System.Collections;
using Kailash.Expressions;

namespace Kailash.Nodes.Transform;

/// <summary>What the transform nodes share: reading the <c>data</c> list, parsing per-item expressions, a per-item scope.</summary>
internal static class TransformSupport
{
    /// <summary>The name an item is bound to in per-item expressions.</summary>
    public const string ItemName = "item";

    /// <summary>Reads a list input; anything else is a coded error naming the node and port.</summary>
    /// <param name="inputs">The node's inputs.</param>
    /// <param name="context">The node's context.</param>
    /// <param name="port">The input holding the list.</param>
    /// <returns>The items, as given.</returns>
    public static List<object?> RequireList(NodeInputs inputs, NodeContext context, string port)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var value = inputs.TryGetValue(port, out var raw) ? raw : null;
        switch (value)
        {
            case null:
                return [];
            case string:
                break;
            case IDictionary:
            case IReadOnlyDictionary<string, object?>:
                break;
            case IEnumerable<object?> typed:
                return [.. typed];
            case IList list:
                return [.. list.Cast<object?>()];
        }

        throw new KailashException(
            ErrorCodes.InvalidTransformData,
            $"{context.NodeType} '{context.NodeId}': input '{port}' must be a list, but it is {ExpressionValues.TypeName(ExpressionValues.Normalize(value))}. Please connect a list (for example a reader's 'data').",
            context.NodeId,
            port);
    }

    /// <summary>Parses an optional expression from the config; a syntax error is a configuration error on that key.</summary>
    /// <param name="config">The node's config.</param>
    /// <param name="key">The config key.</param>
    /// <param name="registry">The registry whose functions the expression may call.</param>
    /// <returns>The program, or <see langword="null"/> when the key is absent.</returns>
    public static ExpressionProgram? ParseOptional(IReadOnlyDictionary<string, object?> config, string key, NodeRegistry registry)
    {
        if (!config.TryGetValue(key, out var raw) || raw is null)
        {
            return null;
        }

        if (raw is not string { Length: > 0 } text)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"'{key}' must be a non-empty expression string, for example \"item.age >= 18\".", key);
        }

        return ExpressionProgram.TryParse(text, registry.Functions, out var program, out var error)
            ? program
            : throw new NodeConfigurationException(error.Code, error.Message, key);
    }

    /// <summary>Evaluates a per-item expression, turning an evaluation error into a node failure naming the item.</summary>
    /// <param name="program">The expression.</param>
    /// <param name="scope">The item's scope.</param>
    /// <param name="context">The node's context.</param>
    /// <param name="key">The config key holding the expression.</param>
    /// <param name="index">The item's index.</param>
    /// <returns>The value.</returns>
    public static object? Evaluate(ExpressionProgram program, IExpressionScope scope, NodeContext context, string key, int index)
    {
        try
        {
            return program.Evaluate(scope);
        }
        catch (ExpressionEvaluationException ex)
        {
            throw new KailashException(ErrorCodes.ExpressionEvaluationFailed, $"{context.NodeType} '{context.NodeId}', item {index}: {ex.Detail}. Please fix '{key}' or the data.", context.NodeId, key, ex);
        }
    }
}

/// <summary>
/// The scope of a per-item expression: <c>item</c> (the item itself), the item's keys when it is a dictionary
/// (<c>age &gt;= 18</c>), then the node's other inputs (<c>item.price * rate</c>).
/// </summary>
internal sealed class ItemScope : IExpressionScope
{
    private readonly IReadOnlyDictionary<string, object?> _inputs;
    private readonly string _itemName;

    public ItemScope(IReadOnlyDictionary<string, object?> inputs, string itemName = TransformSupport.ItemName)
    {
        _inputs = inputs;
        _itemName = itemName;
    }

    /// <summary>Gets or sets the current item; one scope serves every item of one run of the node.</summary>
    public object? Item { get; set; }

    public bool TryGetValue(string name, out object? value)
    {
        if (name == _itemName)
        {
            value = Item;
            return true;
        }

        var item = ExpressionValues.Normalize(Item);
        if (item is not null && ExpressionValues.IsDictionary(item) && ExpressionValues.LookupKey(item, name, out value) == KeyLookup.Found)
        {
            return true;
        }

        return _inputs.TryGetValue(name, out value);
    }

    public IEnumerable<string> GetAvailableNames()
    {
        var names = new List<string> { _itemName };
        var item = ExpressionValues.Normalize(Item);
        if (item is not null && ExpressionValues.IsDictionary(item))
        {
            names.AddRange(ExpressionValues.GetKeys(item));
        }

        names.AddRange(_inputs.Keys);
        return names.Distinct(StringComparer.Ordinal);
    }
}
