using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.Tests.Runtime;

/// <summary>Nodes and helpers for the validation and parameter tests.</summary>
internal static class ParameterTestKit
{
    /// <summary>A node that declares the given inputs and outputs everything it received under the port <c>inputs</c>.</summary>
    public static LambdaNode Capture(params NodeParameter[] parameters)
        => new((inputs, _) => new Dictionary<string, object?> { ["inputs"] = new Dictionary<string, object?>(inputs) }, parameters, ["inputs"]);

    /// <summary>A node with no declared inputs (it accepts any) that outputs everything it received under <c>inputs</c>.</summary>
    public static LambdaNode CaptureAny()
        => new((inputs, _) => new Dictionary<string, object?> { ["inputs"] = new Dictionary<string, object?>(inputs) }, null, ["inputs"]);

    public static LambdaNode Constant(object? value) => new(_ => value);

    public static NodeParameter P(string name, Type? type = null, bool required = false) => new(name, type ?? typeof(object)) { Required = required };

    public static IReadOnlyDictionary<string, object?> InputsOf(WorkflowRunResult result, string nodeId)
        => (IReadOnlyDictionary<string, object?>)result[nodeId]["inputs"]!;

    public static WorkflowRunResult Run(Workflow workflow, Dictionary<string, object?>? parameters = null, RuntimeOptions? options = null)
    {
        using var runtime = new LocalRuntime(options);
        return runtime.Execute(workflow, parameters, TestContext.Current.CancellationToken);
    }

    /// <summary>Runs on the sync runtime with ErrorPolicy.Continue, so a failed node is returned, not thrown.</summary>
    public static WorkflowRunResult RunContinue(Workflow workflow, Dictionary<string, object?>? parameters = null, Action<RuntimeOptions>? configure = null)
    {
        var options = new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue };
        configure?.Invoke(options);
        return Run(workflow, parameters, options);
    }
}

/// <summary>Collects every log line (message and exception text) written through it.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

    public string AllText => string.Join(Environment.NewLine, Lines.Select(l => $"{l.Level} {l.Category}: {l.Text}"));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                text += " | " + string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}"));
            }

            owner.Lines.Enqueue((category, logLevel, exception is null ? text : text + Environment.NewLine + exception));
        }
    }
}
