namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// <c>kailash run</c> refuses a parameter of the wrong type and a template the parameters do not supply before any node
/// runs (issue 11): exit 2, status <c>invalid</c>, the node, port and location, and a fix. An upstream node writes a
/// marker file, so a run that started would leave it behind.
/// </summary>
public sealed class ParameterRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-refusal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task WrongTypedParameter_IsRefusedBeforeAnyNodeRuns(string runtime)
    {
        var file = WriteWorkflow("value: 1");

        var run = await CliHarness.RunAsync("run", file, "--runtime", runtime, "--allow-path", _directory, "--param", "join.skip_none=notabool", "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(Marker), "the upstream node ran");
        var document = run.Json();
        Assert.Equal("invalid", document.GetProperty("status").GetString());
        var error = document.GetProperty("errors")[0];
        Assert.Equal(ErrorCodes.CoercionFailed, error.GetProperty("code").GetString());
        Assert.Equal("join", error.GetProperty("node").GetString());
        Assert.Equal("skip_none", error.GetProperty("port").GetString());
        Assert.Equal("parameters", error.GetProperty("location").GetString());
        Assert.Contains("Please pass a value of type Boolean", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains($"{ErrorCodes.CoercionFailed}: Node 'join' input 'skip_none' expects Boolean", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task MissingTemplateParameter_IsRefusedBeforeAnyNodeRuns(string runtime)
    {
        var file = WriteWorkflow("value: \"${missing_limit}\"");

        var run = await CliHarness.RunAsync("run", file, "--runtime", runtime, "--allow-path", _directory, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(Marker), "the upstream node ran");
        var document = run.Json();
        Assert.Equal("invalid", document.GetProperty("status").GetString());
        var error = document.GetProperty("errors")[0];
        Assert.Equal(ErrorCodes.UnresolvedTemplate, error.GetProperty("code").GetString());
        Assert.Equal("filter", error.GetProperty("node").GetString());
        Assert.Equal("value", error.GetProperty("port").GetString());
        Assert.Equal("nodes.filter.config.value", error.GetProperty("location").GetString());
        var message = error.GetProperty("message").GetString();
        Assert.Contains("no parameter 'missing_limit' was passed", message, StringComparison.Ordinal);
        Assert.Contains("Please pass it with --param NAME=VALUE", message, StringComparison.Ordinal);
        Assert.DoesNotContain("workflow-level parameter", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameParameters_RunWhenCorrect()
    {
        var file = WriteWorkflow("value: \"${limit}\"");

        var run = await CliHarness.RunAsync("run", file, "--allow-path", _directory, "--param", "limit=1", "--param", "join.skip_none=true", "--output", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Marker));
    }

    private string Marker => Path.Combine(_directory, "ran.txt");

    private string WriteWorkflow(string filterValue)
    {
        var path = Path.Combine(_directory, "refusal.yaml");
        var marker = Marker.Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(path, $$"""
            workflow_id: refusal
            nodes:
              - id: marker
                type: TextWriterNode
                config: { file_path: "{{marker}}", text: "ran" }
              - id: data
                type: ExpressionNode
                config: { expression: "[n, n + 1, n + 2]" }
              - id: filter
                type: FilterNode
                config: { operator: ">", {{filterValue}} }
              - id: join
                type: MergeNode
            connections:
              - { from_node: marker, from_output: bytes_written, to_node: data, to_input: n }
              - { from_node: data, from_output: result, to_node: filter, to_input: data }
              - { from_node: filter, from_output: filtered_data, to_node: join, to_input: data1 }
            """);
        return path;
    }
}
