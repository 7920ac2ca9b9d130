using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.Nodes.CatalogueTestKit;

namespace Kailash.Tests.Nodes.Logic;

public class ConvergenceCheckerNodeTests
{
    [Fact]
    public void Threshold_OutsideACycle_ReportsKailashsOutputs()
    {
        var outputs = RunOne("ConvergenceCheckerNode", new() { ["value"] = 0.95, ["threshold"] = 0.9, ["data"] = "kept" });
        Assert.Equal(true, outputs["converged"]);
        Assert.Equal("Value 0.950 ≥ threshold 0.900", outputs["reason"]);
        Assert.Equal(1L, outputs["iteration"]);
        Assert.Equal("kept", outputs["data"]);
        Assert.Equal(false, RunOne("ConvergenceCheckerNode", new() { ["value"] = 0.5 })["converged"]);
    }

    [Theory]
    [InlineData("threshold", 4L)]
    [InlineData("stability", 9L)]
    [InlineData("custom", 3L)]
    public async Task InACycle_EndsTheLoopOnConverged_OnBothRuntimes(string mode, long iterations)
    {
        var workflow = new WorkflowBuilder("approach")
            .AddNode("ExpressionNode", "step", new() { ["expression"] = "value + (1 - value) / 2", ["output"] = "value", ["value"] = 0.0 })
            .AddNode("ConvergenceCheckerNode", "check", new() { ["mode"] = mode, ["threshold"] = 0.9, ["min_variance"] = 0.01, ["custom_expression"] = "len(history) >= 3" })
            .AddConnection("step", "value", "check", "value")
            .CreateCycle("loop").Connect("check", "value", "step", "value").MaxIterations(30).ConvergeWhen("converged == True").Build()
            .Build();
        using var local = new LocalRuntime();
        await using var concurrent = new AsyncLocalRuntime();
        var sync = local.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var async = await concurrent.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var run in new[] { sync, async })
        {
            Assert.Equal(true, run["check"]["converged"]);
            Assert.Equal(iterations, run["check"]["iteration"]);
            var history = Assert.IsType<List<object?>>(((Dictionary<string, object?>)run["check"]["convergence_metrics"]!)["value_history"]);
            Assert.Equal((int)iterations, history.Count);
        }
    }

    [Fact]
    public void CustomMode_NeedsAnExpression_AndEarlyStopWins()
    {
        Assert.Equal("KWF011", BuildFails("ConvergenceCheckerNode", new() { ["mode"] = "custom" }).Code);
        Assert.Equal("KWF034", BuildFails("ConvergenceCheckerNode", new() { ["mode"] = "vibes" }).Code);
        var outputs = RunOne("ConvergenceCheckerNode", new() { ["value"] = 0.1, ["early_stop_iterations"] = 1L });
        Assert.Equal(true, outputs["converged"]);
        Assert.Equal("Early stop: reached 1 iterations", outputs["reason"]);
    }
}
