namespace Kailash.IntegrationTests.Cli;

public sealed class InspectCommandTests
{
    [Fact]
    public async Task Validate_ValidFile_ExitsZero()
    {
        var run = await CliHarness.RunAsync("validate", CliHarness.Example("fan-out-fan-in.yaml"), "--output", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("valid", run.Json().GetProperty("status").GetString());
        Assert.Equal(5, run.Json().GetProperty("nodes").GetInt32());
        Assert.Equal(0, run.Json().GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Validate_ReportsWarnings_WithoutFailing()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("kailash-validate-").FullName, "lonely.json");
        await File.WriteAllTextAsync(file, """{"workflow_id": "x", "nodes": {"a": {"node_type": "PassThroughNode", "config": {"data": 1}}, "b": {"node_type": "PassThroughNode", "config": {"data": 2}}}}""", TestContext.Current.CancellationToken);

        var run = await CliHarness.RunAsync("validate", file, "--output", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Json().GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == ErrorCodes.DisconnectedNode);
    }

    [Fact]
    public async Task Visualize_PrintsMermaid()
    {
        var run = await CliHarness.RunAsync("visualize", CliHarness.Example("fan-out-fan-in.yaml"), "--format", "mermaid");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("flowchart", run.Stdout.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("join", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_ListsBuiltInTypes()
    {
        var run = await CliHarness.RunAsync("nodes", "--output", "json");

        Assert.Equal(0, run.ExitCode);
        var types = run.Json().GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        Assert.Contains("ExpressionNode", types);
        Assert.Contains("PassThroughNode", types);
    }
}
