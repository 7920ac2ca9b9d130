using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Validation;

public sealed class ValidationMetricsTests
{
    private static Workflow Workflow()
        => new WorkflowBuilder("wf")
            .AddNode("src", Constant("x"))
            .AddNode("typed", Capture(P("a", typeof(long))))
            .AddNode("untyped", Capture(P("b")))
            .AddConnection("src", "result", "typed", "a")
            .AddConnection("src", "result", "untyped", "b")
            .Build();

    [Fact]
    public void Metrics_CountChecksAndFailuresByCode_PerRuntimeInstance()
    {
        using var first = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        using var second = new LocalRuntime();

        first.Execute(Workflow(), cancellationToken: TestContext.Current.CancellationToken);
        first.Validation.ValidateWorkflow(Workflow(), new Dictionary<string, object?> { ["nope"] = 1 });
        var metrics = first.Validation.GetValidationMetrics();

        Assert.Equal(1, metrics.RunChecks);
        Assert.Equal(1, metrics.NodeInputChecks);
        Assert.Equal(1, metrics.WorkflowValidations);
        Assert.Equal(3, metrics.ChecksRun);
        Assert.Equal(1, metrics.FailuresByCode[ErrorCodes.ConnectionContractViolation]);
        Assert.Equal(1, metrics.FailuresByCode[ErrorCodes.UnknownParameter]);
        Assert.Equal(2, metrics.Failures);
        Assert.True(metrics.TimeSpent > TimeSpan.Zero);
        Assert.Equal(0, second.Validation.GetValidationMetrics().ChecksRun);
    }

    [Fact]
    public void Reset_ClearsOnlyThisRuntime()
    {
        using var runtime = new LocalRuntime();
        Assert.ThrowsAny<KailashException>(() => runtime.Execute(Workflow(), new Dictionary<string, object?> { ["nope"] = 1 }, TestContext.Current.CancellationToken));
        Assert.Equal(1, runtime.Validation.GetValidationMetrics().Failures);

        runtime.Validation.ResetValidationMetrics();
        var metrics = runtime.Validation.GetValidationMetrics();

        Assert.Equal(0, metrics.ChecksRun);
        Assert.Empty(metrics.FailuresByCode);
        Assert.Equal(TimeSpan.Zero, metrics.TimeSpent);
    }

    [Fact]
    public void InvalidOptions_AreReportedTogether()
    {
        var options = new RuntimeOptions
        {
            ConnectionValidation = (Kailash.Runtime.Validation.ConnectionValidationMode)9,
            UnknownParameters = (Kailash.Runtime.Parameters.UnknownParameterHandling)9,
            LargeWorkflowNodeCount = 0,
        };

        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(options));

        Assert.Contains("ConnectionValidation", error.Message, StringComparison.Ordinal);
        Assert.Contains("UnknownParameters", error.Message, StringComparison.Ordinal);
        Assert.Contains("LargeWorkflowNodeCount", error.Message, StringComparison.Ordinal);
    }
}
