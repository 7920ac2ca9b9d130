using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Nodes.Data;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Validation;

/// <summary>
/// Each validation bug listed in kailash-runtime-behaviour.md / kailash-workflow-model.md, as a test of what this
/// runtime does instead. The reference item is named in each test.
/// </summary>
public sealed class PythonValidationBugTests
{
    private static Workflow Mismatch()
        => new WorkflowBuilder("wf")
            .AddNode("src", Constant("abc"))
            .AddNode("add", Capture(P("a", typeof(long), required: true)))
            .AddConnection("src", "result", "add", "a")
            .Build();

    /// <summary>§0.5, probe_10: connection_validation only existed in the sync DAG path; the async runtime ignored it. Here both enforce it identically.</summary>
    [Fact]
    public async Task Probe10_ConnectionValidationAppliesOnBothRuntimes()
    {
        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime();

        var syncError = Assert.Throws<WorkflowExecutionException>(() => sync.Execute(Mismatch(), cancellationToken: TestContext.Current.CancellationToken));
        var asyncError = await Assert.ThrowsAsync<WorkflowExecutionException>(async () => await parallel.ExecuteAsync(Mismatch(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.ConnectionContractViolation, syncError.Code);
        Assert.Equal(syncError.Message, asyncError.Message);
    }

    /// <summary>B18: the strict error was a 35-line "Unknown Validation Error [LOW]" whose Value line showed None. Here it is one sentence naming both ends and both types.</summary>
    [Fact]
    public void B18_StrictErrorIsOneActionableSentence()
    {
        var error = RunContinue(Mismatch())["add"].Error!;

        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("Unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("'src.result -> add.a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects Int64", error.Message, StringComparison.Ordinal);
        Assert.Contains("delivered String", error.Message, StringComparison.Ordinal);
    }

    /// <summary>§3.5: warn/strict validation rewrote the inputs (undeclared keys dropped, None dropped). Here Warn only logs; inputs are untouched.</summary>
    [Fact]
    public void WarnModeDoesNotRewriteInputs()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant("abc"))
            .AddNode("any", CaptureAny(), new() { ["extra"] = null })
            .AddNode("typed", Capture(P("a", typeof(long))))
            .AddConnection("src", "result", "any", "x")
            .AddConnection("src", "result", "typed", "a")
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { ConnectionValidation = ConnectionValidationMode.Warn });

        Assert.Equal(["extra", "x"], InputsOf(result, "any").Keys.Order(StringComparer.Ordinal));
        Assert.Equal("abc", InputsOf(result, "typed")["a"]);
    }

    /// <summary>§2.1: ValidationMetricsCollector was a process-global singleton. Here metrics belong to one runtime.</summary>
    [Fact]
    public void MetricsAreNotProcessGlobal()
    {
        using var one = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        using var two = new LocalRuntime();

        one.Execute(Mismatch(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, one.Validation.GetValidationMetrics().Failures);
        Assert.Equal(0, two.Validation.GetValidationMetrics().Failures);
    }

    /// <summary>§7.2 (model reference): a misspelled output port only logged a warning at run time. Here Build() rejects it.</summary>
    [Fact]
    public void MisspelledOutputPortFailsTheBuild()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode("a", Constant(1)).AddNode<PassThroughNode>("b").AddConnection("a", "reslt", "b", "data").Build());

        Assert.Equal(ErrorCodes.UnknownOutputPort, error.Code);
        Assert.Contains("Did you mean 'result'?", error.Message, StringComparison.Ordinal);
    }

    /// <summary>§7.2 (model reference): a misspelled input was absorbed by auto_map_primary. Here Build() rejects it.</summary>
    [Fact]
    public void MisspelledInputFailsTheBuild()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode("a", Constant(1)).AddNode("s", Capture(P("input_data"))).AddConnection("a", "result", "s", "inptu_data").Build());

        Assert.Equal(ErrorCodes.UndeclaredInput, error.Code);
        Assert.Contains("Did you mean 'input_data'?", error.Message, StringComparison.Ordinal);
    }

    /// <summary>§7.1 #11: an unmarked cycle passed build() and failed only at validate/execute. Here Build() rejects it.</summary>
    [Fact]
    public void UnmarkedCycleFailsTheBuild()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf")
            .AddNode<PassThroughNode>("a").AddNode<PassThroughNode>("b")
            .AddConnection("a", "data", "b", "data").AddConnection("b", "data", "a", "data")
            .Build());

        Assert.Equal(ErrorCodes.UnmarkedCycle, error.Code);
    }

    /// <summary>§7.2 (model reference): a misspelled config key (condtion_field) went unnoticed and gave a wrong result. Here ValidateWorkflow warns with a suggestion.</summary>
    [Fact]
    public void MisspelledConfigKeyIsReported()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("s", Capture(P("condition_field")), new() { ["condtion_field"] = "status" }).Build();
        using var runtime = new LocalRuntime();

        var warning = Assert.Single(runtime.Validation.ValidateWorkflow(workflow).Warnings, w => w.Code == ErrorCodes.UndeclaredConfigKey);

        Assert.Contains("Did you mean 'condition_field'?", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>§2.1: validate_workflow raised on the first error. Here ValidateWorkflow returns every error and warning together.</summary>
    [Fact]
    public void ValidateWorkflowReturnsEverythingTogether()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Capture(P("x", typeof(long), required: true))).AddNode("b", Capture(P("y", typeof(long), required: true))).Build();
        using var runtime = new LocalRuntime();

        var report = runtime.Validation.ValidateWorkflow(workflow, new Dictionary<string, object?>());

        Assert.Equal(["a", "b"], report.Errors.Select(e => e.NodeId));
        Assert.Equal(2, report.Warnings.Count);
    }

    /// <summary>§2.2.4: the user context never reached nodes. Here every node sees it through NodeContext.</summary>
    [Fact]
    public void UserContextReachesNodes()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", new LambdaNode((_, context) => new Dictionary<string, object?> { ["user"] = context.UserContext?.UserId }, null, ["user"])).Build();

        var result = Run(workflow, options: new RuntimeOptions { UserContext = new UserContext("ann") });

        Assert.Equal("ann", result["n"]["user"]);
    }

    /// <summary>§7.1 #2: errors dumped the whole registry. Here choice lists are bounded with a count of the rest.</summary>
    [Fact]
    public void ChoiceListsAreBounded()
    {
        var many = Enumerable.Range(0, 15).Select(i => P($"input{i:00}")).ToArray();
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("wf").AddNode("a", Constant(1)).AddNode("b", Capture(many)).AddConnection("a", "result", "b", "input99").Build());

        Assert.Contains("(and 5 more)", error.Message, StringComparison.Ordinal);
    }
}
