using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Kailash.Expressions;

namespace Kailash.Nodes.Transform;

/// <summary>
/// Applies a list of <c>transformations</c> to <c>data</c>, one after the other (Kailash's <c>DataTransformer</c>) → <c>result</c>.
/// Each transformation is an expression, never code: <c>lambda x: x * 2</c> is applied to every item of a list (or to the
/// value itself when it is not a list); any other expression computes the next value from <c>result</c> (the value so
/// far), <c>data</c> and the node's other inputs (<c>arg1</c>…<c>arg5</c> and any connected input).
/// </summary>
/// <remarks>
/// Python Kailash <c>eval</c>s lambdas and <c>exec</c>s multi-line code; here a multi-line transformation or a lambda of
/// several parameters is refused when the workflow is built (<c>KWF010</c>, suggesting <c>PythonCodeNode</c>). Expressions in
/// the config are parsed once, at build; transformations arriving through a connection are parsed when they arrive (and cached).
/// </remarks>
public sealed partial class DataTransformer : Node
{
    private const string Data = "data";
    private const string Transformations = "transformations";
    private const string Output = "result";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(Data, typeof(object)) { Description = "The value to transform (usually a list)." },
        new(Transformations, typeof(object)) { Required = true, Description = "Expressions applied in order: 'lambda x: <expression>' maps each item, any other expression computes the next result." },
        .. Enumerable.Range(1, 5).Select(i => new NodeParameter($"arg{i}", typeof(object)) { Description = $"Additional argument {i}, visible to the expressions." }),
    ];

    private readonly ConcurrentDictionary<string, Transformation> _parsed = new(StringComparer.Ordinal);
    private ExpressionFunctionRegistry _functions = ExpressionFunctionRegistry.BuiltIn;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override bool AcceptsUndeclaredInputs => true;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var result = inputs.GetOrDefault<object?>(Data, null);
        var steps = ReadTransformations(inputs.GetOrDefault<object?>(Transformations, null), context);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            variables[input.Key] = input.Value;
        }

        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            variables[Output] = result;
            var key = $"{Transformations}[{s}]";
            if (step.Parameter is null)
            {
                result = TransformSupport.Evaluate(step.Program, new DictionaryExpressionScope(variables), context, key, 0);
                continue;
            }

            var scope = new ItemScope(variables, step.Parameter);
            var normalized = ExpressionValues.Normalize(result);
            if (normalized is not string && ExpressionValues.IsList(normalized))
            {
                var items = TransformSupport.RequireList(NodeInputs.Create(new Dictionary<string, object?> { [Data] = result }, context.NodeId), context, Data);
                var mapped = new List<object?>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    scope.Item = items[i];
                    mapped.Add(TransformSupport.Evaluate(step.Program, scope, context, key, i));
                }

                result = mapped;
            }
            else
            {
                scope.Item = result;
                result = TransformSupport.Evaluate(step.Program, scope, context, key, 0);
            }
        }

        return new Dictionary<string, object?>(1) { [Output] = result };
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        _functions = registry.Functions;
        if (config.TryGetValue(Transformations, out var raw) && raw is not null)
        {
            try
            {
                _ = ReadTransformations(raw, context: null);
            }
            catch (ExpressionSyntaxException ex)
            {
                throw new NodeConfigurationException(ex.Code, ex.Message, Transformations);
            }
            catch (KailashException ex)
            {
                throw new NodeConfigurationException(ex.Code, ex.Message, Transformations);
            }
        }
    }

    private List<Transformation> ReadTransformations(object? raw, NodeContext? context)
    {
        var texts = ExpressionValues.Normalize(raw) switch
        {
            string single => [single],
            var list when list is not null && ExpressionValues.IsList(list) => ToStrings(list, context),
            _ => throw new KailashException(ErrorCodes.InvalidNodeConfig, $"DataTransformer{Where(context)}: 'transformations' must be a list of expression strings, for example [\"lambda x: x * 2\"].", context?.NodeId, Transformations),
        };
        var steps = new List<Transformation>(texts.Count);
        foreach (var text in texts)
        {
            steps.Add(_parsed.GetOrAdd(text, Parse, _functions));
        }

        return steps;
    }

    private static List<string> ToStrings(object list, NodeContext? context)
    {
        var texts = new List<string>();
        var items = ExpressionValues.EnumerateList(list);
        while (items.MoveNext(out var item))
        {
            texts.Add(item as string ?? throw new KailashException(ErrorCodes.InvalidNodeConfig, $"DataTransformer{Where(context)}: every transformation must be an expression string, but one is {ExpressionValues.TypeName(item)}.", context?.NodeId, Transformations));
        }

        return texts;
    }

    private static string Where(NodeContext? context) => context is null ? string.Empty : $" '{context.NodeId}'";

    private static Transformation Parse(string text, ExpressionFunctionRegistry functions)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains('\n', StringComparison.Ordinal))
        {
            throw new ExpressionSyntaxException(text, trimmed.IndexOf('\n', StringComparison.Ordinal), "a transformation is one expression; multi-line Python code needs a PythonCodeNode (allowed with --allow-code)");
        }

        var lambda = LambdaPattern().Match(trimmed);
        if (!lambda.Success)
        {
            return trimmed.StartsWith("lambda", StringComparison.Ordinal) && !char.IsLetterOrDigit(trimmed.ElementAtOrDefault(6)) && trimmed.ElementAtOrDefault(6) != '_'
                ? throw new ExpressionSyntaxException(text, 0, "a lambda takes exactly one parameter here ('lambda x: x * 2'); use the node's other inputs by name instead of extra parameters")
                : new Transformation(null, ExpressionProgram.Parse(trimmed, functions));
        }

        return new Transformation(lambda.Groups["name"].Value, ExpressionProgram.Parse(lambda.Groups["body"].Value, functions));
    }

    [GeneratedRegex(@"^lambda\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<body>.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex LambdaPattern();

    private sealed record Transformation(string? Parameter, ExpressionProgram Program);
}
