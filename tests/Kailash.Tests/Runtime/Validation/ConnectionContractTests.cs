using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Validation;

public sealed class ConnectionContractTests
{
    private static Workflow Workflow(object? delivered)
        => new WorkflowBuilder("wf")
            .AddNode("src", new LambdaNode((_, _) => new Dictionary<string, object?> { ["data"] = delivered }, null, ["data"]))
            .AddNode("add", new LambdaNode(i => i.Get<long>("a") + 1, [P("a", typeof(long), required: true)]))
            .AddConnection("src", "data", "add", "a")
            .Build();

    [Fact]
    public void Strict_IsTheDefault_AndFailsTheNodeBeforeItRuns_NamingBothEndsAndTypes()
    {
        var result = RunContinue(Workflow("abc"));

        Assert.Equal(ConnectionValidationMode.Strict, new RuntimeOptions().ConnectionValidation);
        var error = Assert.IsType<ConnectionContractException>(result["add"].Error);
        Assert.Equal(ErrorCodes.ConnectionContractViolation, error.Code);
        Assert.Equal(0, result["add"].Attempts);
        Assert.Equal(("src", "data", "add", "a", typeof(long), typeof(string)), (error.SourceNode, error.SourcePort, error.TargetNode, error.TargetInput, error.ExpectedType, error.ActualType));
        Assert.Equal(
            "KWF041: Connection 'src.data -> add.a': input 'a' of node 'add' expects Int64, but output 'data' of node 'src' delivered String ('abc' is not a number). Please convert the value between the two nodes, connect an output of type Int64, or declare the input as object. (ConnectionValidation is Strict; Warn logs this instead.)",
            error.Message);
    }

    [Fact]
    public void Strict_ConvertsValuesThatConvert()
    {
        var result = Run(Workflow("41"));

        Assert.Equal(42L, result["add"]["result"]);
    }

    [Fact]
    public void Warn_LogsThroughILogger_AndDeliversTheValueUnchanged()
    {
        var logs = new CapturingLoggerFactory();

        var result = RunContinue(Workflow("abc"), configure: o =>
        {
            o.ConnectionValidation = ConnectionValidationMode.Warn;
            o.LoggerFactory = logs;
        });

        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("KWF041: Connection 'src.data -> add.a'", warning.Text, StringComparison.Ordinal);
        Assert.Equal(1, result["add"].Attempts);
        Assert.Equal(ErrorCodes.CoercionFailed, result["add"].ErrorCode);
    }

    [Fact]
    public void Off_DeliversConnectionValuesAsTheyAre()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant("7"))
            .AddNode("n", Capture(P("a", typeof(long))))
            .AddConnection("src", "result", "n", "a")
            .Build();

        var off = Run(workflow, options: new RuntimeOptions { ConnectionValidation = ConnectionValidationMode.Off });
        var strict = Run(workflow);

        Assert.Equal("7", InputsOf(off, "n")["a"]);
        Assert.Equal(7L, InputsOf(strict, "n")["a"]);
    }

    [Fact]
    public void NullIntoARequiredValueTypedInput_IsAViolation()
    {
        var result = RunContinue(Workflow(null));

        var error = Assert.IsType<ConnectionContractException>(result["add"].Error);
        Assert.Null(error.ActualType);
        Assert.Contains("delivered null", error.Message, StringComparison.Ordinal);
    }
}
