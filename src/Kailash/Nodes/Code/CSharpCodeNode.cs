using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Kailash.Expressions;
using Kailash.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Kailash.Nodes.Code;

/// <summary>
/// Runs a C# script (Roslyn scripting) compiled once, when the workflow is built; the script's value is the node's
/// <c>result</c> (<c>return count + 1;</c> or a final expression <c>count + 1</c>).
/// </summary>
/// <remarks>
/// <para>
/// Config: <c>code</c> (required), <c>inputs</c> (optional: a mapping from input name to type, <c>{"count": "long"}</c>; each
/// becomes a typed variable — types <c>long int double decimal string bool object</c>, <c>list</c>
/// (<c>List&lt;object?&gt;</c>) and <c>dict</c> (<c>Dictionary&lt;string, object?&gt;</c>)), <c>timeout</c> (seconds, default 60).
/// Every input is also reachable through <c>Inputs</c> (<see cref="CSharpScriptGlobals"/>). <c>System</c>, <c>System.Linq</c>,
/// <c>System.Collections.Generic</c> and <c>System.Text</c> are imported.
/// </para>
/// <para>
/// Code nodes are off unless allowed (<c>WorkflowPermissions.AllowCode</c>, <c>--allow-code</c>; <c>KWF084</c> at build). A
/// script that does not compile is <c>KWF085</c> at build; one that throws fails the step with <c>KWF087</c>. Compiled scripts
/// are cached by their text, so many nodes (or workflows) with the same script compile it once. The script runs in-process:
/// a <c>timeout</c> fails the step (<c>KWF089</c>) but cannot stop code that ignores <c>CancellationToken</c>.
/// </para>
/// </remarks>
public sealed class CSharpCodeNode : AsyncNode
{
    private const string CodeKey = "code";
    private const string InputsKey = "inputs";
    private const string TimeoutKey = "timeout";
    private const int MaxCached = 256;

    private static readonly ConcurrentDictionary<string, Lazy<Script<object>>> Compiled = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, string> TypeNames = new(StringComparer.Ordinal)
    {
        ["long"] = "long",
        ["int"] = "int",
        ["double"] = "double",
        ["decimal"] = "decimal",
        ["string"] = "string",
        ["bool"] = "bool",
        ["object"] = "object",
        ["list"] = "System.Collections.Generic.List<object?>",
        ["dict"] = "System.Collections.Generic.Dictionary<string, object?>",
    };

    private static readonly IReadOnlyList<NodeParameter> BaseParameters =
    [
        new(CodeKey, typeof(string)) { Required = true, Description = "The C# script; its value is 'result'." },
        new(InputsKey, typeof(object)) { Description = "Typed inputs the script uses as variables: {\"name\": \"long\"}." },
        new(TimeoutKey, typeof(double)) { Default = 60.0, HasDefault = true, Description = "Seconds a step may take." },
    ];

    private ScriptRunner<object>? _runner;
    private IReadOnlyList<NodeParameter> _parameters = BaseParameters;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => _parameters;

    /// <inheritdoc />
    public override bool AcceptsUndeclaredInputs => true;

    /// <inheritdoc />
    public override Type? GetOutputType(string port) => port == DefaultOutput ? typeof(object) : null;

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        CodePermission.Require(inputs, context, "CSharpCodeNode");
        var runner = _runner ?? throw new KailashException(ErrorCodes.InvalidNodeConfig, $"CSharpCodeNode '{context.NodeId}' has no 'code'.", context.NodeId, CodeKey);
        var seconds = inputs.GetOrDefault(TimeoutKey, 60.0);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var value = await runner(new CSharpScriptGlobals(inputs, context, linked.Token), linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            return new Dictionary<string, object?>(1) { [DefaultOutput] = value };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new KailashException(ErrorCodes.CodeTimedOut, string.Create(CultureInfo.InvariantCulture, $"CSharpCodeNode '{context.NodeId}' did not finish within {seconds} s. Please raise 'timeout' or make the script observe CancellationToken."), context.NodeId, TimeoutKey);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not KailashException)
        {
            throw new KailashException(ErrorCodes.CodeExecutionFailed, $"CSharpCodeNode '{context.NodeId}': the script threw {ex.GetType().Name}: {ex.Message}", context.NodeId, CodeKey, ex);
        }
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        CodePermission.Require(registry, "CSharpCodeNode");
        if (config.GetValueOrDefault(CodeKey) is not string { Length: > 0 } code)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "CSharpCodeNode needs its script in 'code', for example \"return count + 1;\".", CodeKey);
        }

        var declared = ReadInputs(config.GetValueOrDefault(InputsKey));
        var prelude = new StringBuilder();
        var parameters = new List<NodeParameter>(BaseParameters);
        foreach (var (name, type) in declared)
        {
            prelude.Append(CultureInfo.InvariantCulture, $"{TypeNames[type]} {name} = Inputs.Get<{TypeNames[type]}>(\"{name}\");\n");
            parameters.Add(new NodeParameter(name, typeof(object)) { Required = true, Description = $"A {type} variable of the script." });
        }

        var source = prelude + "#line 1\n" + code;
        if (Compiled.Count > MaxCached)
        {
            Compiled.Clear();
        }

        var script = Compiled.GetOrAdd(source, static text => new Lazy<Script<object>>(() => Compile(text))).Value;
        var errors = script.GetCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0)
        {
            Compiled.TryRemove(source, out _);
            throw new NodeConfigurationException(ErrorCodes.CodeCompilationFailed, $"CSharpCodeNode script does not compile: {string.Join("; ", errors.Select(Describe))}.", CodeKey);
        }

        _runner = script.CreateDelegate();
        _parameters = parameters;
    }

    private static Script<object> Compile(string source)
    {
        var options = ScriptOptions.Default
            .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(List<>).Assembly, typeof(CSharpCodeNode).Assembly)
            .WithImports("System", "System.Linq", "System.Collections.Generic", "System.Text")
            .WithOptimizationLevel(OptimizationLevel.Release);
        var script = CSharpScript.Create<object>(source, options, typeof(CSharpScriptGlobals));
        script.Compile();
        return script;
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var line = diagnostic.Location.GetMappedLineSpan();
        return string.Create(CultureInfo.InvariantCulture, $"line {line.StartLinePosition.Line + 1}, column {line.StartLinePosition.Character + 1}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)} ({diagnostic.Id})");
    }

    private static List<(string Name, string Type)> ReadInputs(object? raw)
    {
        var result = new List<(string, string)>();
        var normalized = ExpressionValues.Normalize(raw);
        if (normalized is null)
        {
            return result;
        }

        if (!ExpressionValues.IsDictionary(normalized))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "CSharpCodeNode 'inputs' must map input names to types, for example {\"count\": \"long\"}.", InputsKey);
        }

        foreach (var (name, type) in ExpressionValues.GetEntries(normalized))
        {
            if (!SyntaxFacts(name))
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"CSharpCodeNode input '{name}' is not a valid C# variable name.", InputsKey);
            }

            if (type is not string typeName || !TypeNames.ContainsKey(typeName))
            {
                throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, $"CSharpCodeNode input '{name}' has type {ValueConverter.Describe(type)}; please use one of: {string.Join(", ", TypeNames.Keys)}.", InputsKey);
            }

            result.Add((name, typeName));
        }

        return result;
    }

    private static bool SyntaxFacts(string name)
        => name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            && name is not (CodeKey or InputsKey or TimeoutKey or "Inputs" or "Context" or "CancellationToken");
}
