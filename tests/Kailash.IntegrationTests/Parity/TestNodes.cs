using Kailash.Nodes;
using Kailash.Nodes.Code;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Small deterministic nodes the catalogue builds workflows from.</summary>
public static class TestNodes
{
    public static LambdaNode Constant(object? value)
        => new(_ => value);

    public static LambdaNode AddOne()
        => new(inputs => inputs.Get<long>("value") + 1, [new NodeParameter("value", typeof(long)) { Required = true }]);

    public static LambdaNode Sum(params string[] inputs)
        => new(values => inputs.Sum(name => values.Get<long>(name)), [.. inputs.Select(name => new NodeParameter(name, typeof(long)) { Required = true })]);

    public static LambdaNode Fail(string message)
        => new(_ => throw new InvalidOperationException(message));

    public static LambdaNode Echo(params string[] inputs)
        => new(
            (values, _) => inputs.ToDictionary(name => name, name => values.TryGetValue(name, out var v) ? v : "<absent>"),
            [.. inputs.Select(name => new NodeParameter(name, typeof(object)))],
            inputs);

    public static AsyncLambdaNode DelayedAddOne(int milliseconds)
        => new(
            async (inputs, _, token) =>
            {
                await Task.Delay(milliseconds, token);
                return new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + 1 };
            },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["result"]);
}

/// <summary>A routing node whose <see cref="Node.IsOutputActive"/> throws (a bug in user code).</summary>
public sealed class ThrowingRouter : Node
{
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
        => new Dictionary<string, object?> { ["result"] = 1L };

    public override bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port)
        => throw new InvalidOperationException("router broke");
}

/// <summary>A progress receiver that throws on every report.</summary>
public sealed class ThrowingProgress : IProgress<Kailash.Runtime.WorkflowProgress>
{
    public void Report(Kailash.Runtime.WorkflowProgress value) => throw new InvalidOperationException("progress bar broke");
}
