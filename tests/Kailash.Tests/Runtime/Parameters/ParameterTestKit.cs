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
