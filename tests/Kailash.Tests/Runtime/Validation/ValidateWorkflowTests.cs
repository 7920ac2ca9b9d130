using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Validation;

public sealed class ValidateWorkflowTests
{
    private static int _runs;

    private static Workflow Workflow()
        => new WorkflowBuilder("wf")
            .AddNode("src", new LambdaNode(_ => Interlocked.Increment(ref _runs)))
            .AddNode("add", Capture(P("a", typeof(long), required: true), P("b", typeof(long))), new() { ["b"] = 1, ["bb"] = 2 })
            .AddNode("greet", CaptureAny(), new() { ["text"] = "Hi ${who}" })
            .AddNode("lonely", Capture(P("x")))
            .AddConnection("src", "result", "greet", "input")
            .AddConnection("src", "result", "add", "b")
            .Build();

    [Fact]
    public void WithoutParameters_ReportsWarningsOnly_AndRunsNothing()
    {
        using var runtime = new LocalRuntime();
        var before = Volatile.Read(ref _runs);

        var report = runtime.Validation.ValidateWorkflow(Workflow());

        Assert.True(report.IsValid);
        Assert.Equal(before, Volatile.Read(ref _runs));
        Assert.All(report.Warnings, w => Assert.True(w.IsWarning));
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.DisconnectedNode && w.NodeId == "lonely");
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.UndeclaredConfigKey && w.Port == "bb" && w.Message.Contains("Did you mean 'b'?", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.MissingRequiredInput && w.NodeId == "add" && w.Port == "a");
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.UnresolvedTemplate && w.Port == "who");
        Assert.DoesNotContain(report.Warnings, w => w.Code == ErrorCodes.LargeWorkflow);
    }

    [Fact]
    public void WithParameters_ReportsWhatTheRunWouldFailOn_AsErrors()
    {
        using var runtime = new LocalRuntime();

        var report = runtime.Validation.ValidateWorkflow(Workflow(), new Dictionary<string, object?> { ["b"] = "many", ["whom"] = "x" });

        Assert.False(report.IsValid);
        Assert.Equal(
            new[] { ErrorCodes.UnknownParameter, ErrorCodes.CoercionFailed, ErrorCodes.MissingRequiredInput, ErrorCodes.UnresolvedTemplate }.Order(StringComparer.Ordinal),
            report.Errors.Select(e => e.Code).Order(StringComparer.Ordinal));
        Assert.Contains("Did you mean 'who'?", report.Errors.Single(e => e.Code == ErrorCodes.UnknownParameter).Message, StringComparison.Ordinal);
        Assert.Throws<WorkflowValidationException>(report.ThrowIfInvalid);
    }

    [Fact]
    public void WithGoodParameters_IsValid()
    {
        using var runtime = new LocalRuntime();

        var report = runtime.Validation.ValidateWorkflow(Workflow(), new Dictionary<string, object?> { ["add"] = new Dictionary<string, object?> { ["a"] = 2 }, ["who"] = "you" });

        Assert.True(report.IsValid, string.Join("; ", report.Errors));
        Assert.DoesNotContain(report.Warnings, w => w.Code is ErrorCodes.MissingRequiredInput or ErrorCodes.UnresolvedTemplate);
    }

    [Fact]
    public void UnknownParameters_AreWarnings_WhenTheRuntimeOnlyWarns()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { UnknownParameters = UnknownParameterHandling.Warn });

        var report = runtime.Validation.ValidateWorkflow(Workflow(), new Dictionary<string, object?> { ["a"] = 1, ["who"] = "x", ["zzz"] = 1 });

        Assert.True(report.IsValid);
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.UnknownParameter);
    }

    [Fact]
    public void SecretsWithoutAProvider_AndLargeGraphs_AreReported()
    {
        var builder = new WorkflowBuilder("big");
        for (var i = 0; i < 4; i++)
        {
            builder.AddNode($"n{i}", CaptureAny(), new() { ["key"] = new Dictionary<string, object?> { ["$secret"] = "K" } });
        }

        using var runtime = new LocalRuntime(new RuntimeOptions { LargeWorkflowNodeCount = 3 });
        var report = runtime.Validation.ValidateWorkflow(builder.Build());

        Assert.Contains(report.Errors, e => e.Code == ErrorCodes.MissingSecret && e.Message.Contains("'K'", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Code == ErrorCodes.LargeWorkflow);
    }

    [Fact]
    public void ParametersThatValidate_BindTheSameValuesAtRunTime()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", Capture(new NodeParameter("path", typeof(string)) { WorkflowAlias = "file" }, P("limit", typeof(long))))
            .Build();
        var parameters = new Dictionary<string, object?> { ["file"] = "a.csv", ["n"] = new Dictionary<string, object?> { ["limit"] = "5" } };
        using var runtime = new LocalRuntime();

        Assert.True(runtime.Validation.ValidateWorkflow(workflow, parameters).IsValid);
        var mapped = runtime.Parameters.MapParameters(workflow, parameters);
        var ran = runtime.Execute(workflow, parameters, TestContext.Current.CancellationToken);

        Assert.Equal(mapped["n"], InputsOf(ran, "n"));
        Assert.Equal(5L, mapped["n"]["limit"]);
    }
}
