namespace Kailash.IntegrationTests.Cli;

/// <summary>CLI messages (issue 11): counts in the right number ("1 node"), and a cycle that fails as a whole is blamed, not one of its nodes.</summary>
public sealed class CountAndBlameMessageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-cli-count-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Validate_OneNode_SaysOneNode()
    {
        var file = Write("one.yaml", "workflow_id: one\nnodes:\n  - id: a\n    type: ExpressionNode\n    config: { expression: \"1\" }\n");

        var run = await CliHarness.RunAsync("validate", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("with 1 node, 0 connections and 0 cycles; 0 warnings.", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("1 nodes", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task FailingConvergenceCondition_BlamesTheCycle_WithItsNodesAndTheFix(string runtime)
    {
        var file = Write("loop.yaml", """
            workflow_id: loop
            nodes:
              step:
                node_type: ExpressionNode
                config: { expression: "value + 1", output: value, value: 0 }
              check:
                node_type: ExpressionNode
                config: { expression: "value", output: value }
            connections:
              - { source_node: step, source_output: value, target_node: check, target_input: value }
            cycles:
              - cycle_id: approach
                connections:
                  - { source_node: check, source_output: value, target_node: step, target_input: value }
                max_iterations: 5
                converge_when: "value / 0 > 1"
            """);

        var run = await CliHarness.RunAsync("run", file, "--runtime", runtime, "--output", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{ErrorCodes.ExpressionEvaluationFailed}: Cycle 'approach' failed: Cycle 'approach' (nodes 'step', 'check')", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Please fix the expression.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Node 'check'", run.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
