using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Kailash.Internal;

namespace Kailash.Nodes.Code;

/// <summary>
/// Runs Python code with Kailash's semantics: every input is a variable, and whatever the code assigns to <c>result</c> is the
/// node's <c>result</c> output (<c>result = {"total": sum(prices)}</c>). The code runs in an external <c>python3</c> worker
/// process speaking JSON over stdin/stdout; a worker is reused between steps, and a timeout or cancellation kills it.
/// </summary>
/// <remarks>
/// <para>
/// Code nodes are off unless allowed (<c>WorkflowPermissions.AllowCode</c>, <c>--allow-code</c>): a workflow that uses one
/// without permission is invalid when it is built (<c>KWF084</c>). Config: <c>code</c> (required), <c>timeout</c> (seconds
/// per step, default 60), <c>python</c> (the interpreter, default <c>python3</c>). The other keys Python Kailash exports
/// (<c>name</c>, <c>function</c>, <c>input_types</c>, <c>sandbox_mode</c>…) are accepted and ignored, so exported files load.
/// </para>
/// <para>
/// Inputs and <c>result</c> are JSON data (dicts, lists, strings, numbers, bools, None; tuples and sets become lists).
/// <c>math</c>, <c>json</c>, <c>datetime</c>, <c>re</c>, <c>random</c>, <c>statistics</c> and a few more are pre-imported as
/// in Kailash. Unlike Kailash, the other local variables are never exported (only <c>result</c>), and a step that does not
/// set <c>result</c> outputs None. Errors: Python not installed <c>KWF086</c>; the code raised <c>KWF087</c> (with the
/// Python exception and the last lines of its traceback); the worker died or answered garbage <c>KWF088</c>; timeout <c>KWF089</c>.
/// </para>
/// </remarks>
public sealed class PythonCodeNode : AsyncNode
{
    private const string CodeKey = "code";
    private const string TimeoutKey = "timeout";
    private const string PythonKey = "python";

    /// <summary>Config keys Python Kailash writes for a code node; accepted and not passed to the code.</summary>
    private static readonly string[] KailashKeys =
    [
        "name", "function", "class_type", "process_method", "input_types", "output_type", "input_schema", "output_schema",
        "description", "max_code_lines", "validate_security", "sandbox_mode",
    ];

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(CodeKey, typeof(string)) { Required = true, Description = "The Python code; inputs are variables, 'result' is the output." },
        new(TimeoutKey, typeof(double)) { Default = 60.0, HasDefault = true, Description = "Seconds a step may take before the worker is killed." },
        new(PythonKey, typeof(string)) { Default = "python3", HasDefault = true, Description = "The Python 3 interpreter to run." },
        .. KailashKeys.Select(k => new NodeParameter(k, typeof(object)) { Description = "Written by Python Kailash; ignored." }),
    ];

    private static readonly HashSet<string> Reserved = [CodeKey, TimeoutKey, PythonKey, .. KailashKeys];

    private readonly ConcurrentBag<PythonWorker> _idle = [];

    /// <summary>Gets or sets a value indicating whether workers are kept between steps (off only to measure the cost of a new process per step).</summary>
    internal bool ReuseWorkers { get; set; } = true;

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override bool AcceptsUndeclaredInputs => true;

    /// <inheritdoc />
    public override Type? GetOutputType(string port) => port == DefaultOutput ? typeof(object) : null;

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        CodePermission.Require(inputs, context, "PythonCodeNode");
        var code = inputs.Get<string>(CodeKey);
        var seconds = inputs.GetOrDefault(TimeoutKey, 60.0);
        var interpreter = inputs.GetOrDefault(PythonKey, "python3");
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!Reserved.Contains(input.Key))
            {
                variables[input.Key] = input.Value;
            }
        }

        string request;
        try
        {
            request = JsonSerializer.Serialize(new Dictionary<string, object?> { ["code"] = code, ["inputs"] = variables });
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or JsonException)
        {
            throw new KailashException(ErrorCodes.PythonWorkerFailed, $"PythonCodeNode '{context.NodeId}': an input is not JSON data and cannot be given to Python ({ex.Message}).", context.NodeId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        PythonWorker? worker = null;
        try
        {
            worker = await TakeWorkerAsync(interpreter, context.NodeId, linked.Token).ConfigureAwait(false);
            var response = await worker.RequestAsync(request, context.NodeId, linked.Token).ConfigureAwait(false);
            var outputs = Read(response, context.NodeId);
            Return(worker);
            worker = null;
            return outputs;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new KailashException(ErrorCodes.CodeTimedOut, string.Create(CultureInfo.InvariantCulture, $"PythonCodeNode '{context.NodeId}' did not finish within {seconds} s; its worker was stopped. Please raise 'timeout' or make the code faster."), context.NodeId, TimeoutKey);
        }
        finally
        {
            worker?.Kill();
            worker?.Dispose();
        }
    }

    /// <inheritdoc />
    internal override void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        CodePermission.Require(registry, "PythonCodeNode");
        if (config.GetValueOrDefault(CodeKey) is { } code && code is not string)
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "PythonCodeNode 'code' must be a string of Python code.", CodeKey);
        }

        if (config.GetValueOrDefault(TimeoutKey) is { } raw && (!ValueConverter.TryConvert(raw, typeof(double), out var value, out _) || value is not double seconds || !(seconds > 0) || seconds > int.MaxValue / 1000))
        {
            throw new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "PythonCodeNode 'timeout' must be a positive number of seconds.", TimeoutKey);
        }
    }

    private static Dictionary<string, object?> Read(string response, string nodeId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response);
        }
        catch (JsonException)
        {
            throw new KailashException(ErrorCodes.PythonWorkerFailed, $"PythonCodeNode '{nodeId}': the Python worker answered something that is not JSON.", nodeId);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return new Dictionary<string, object?>(1) { [DefaultOutput] = root.TryGetProperty("result", out var result) ? ValueConverter.FromJson(result) : null };
            }

            var type = root.TryGetProperty("type", out var t) ? t.GetString() : "Error";
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : "unknown error";
            var trace = root.TryGetProperty("traceback", out var tb) ? tb.GetString()?.Trim() : null;
            throw new KailashException(
                ErrorCodes.CodeExecutionFailed,
                $"PythonCodeNode '{nodeId}': the code raised {type}: {error}{(string.IsNullOrEmpty(trace) ? string.Empty : "\n" + trace)}",
                nodeId,
                CodeKey);
        }
    }

    private async Task<PythonWorker> TakeWorkerAsync(string interpreter, string nodeId, CancellationToken cancellationToken)
    {
        while (ReuseWorkers && _idle.TryTake(out var idle))
        {
            if (idle.IsAlive)
            {
                return idle;
            }

            idle.Dispose();
        }

        return await PythonWorker.StartAsync(interpreter, nodeId, cancellationToken).ConfigureAwait(false);
    }

    private void Return(PythonWorker worker)
    {
        if (ReuseWorkers && worker.IsAlive && _idle.Count < Environment.ProcessorCount)
        {
            _idle.Add(worker);
            return;
        }

        worker.Dispose();
    }
}
