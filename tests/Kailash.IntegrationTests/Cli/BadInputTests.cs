using System.Text.Json;

namespace Kailash.IntegrationTests.Cli;

/// <summary>Bad input: the right exit code, a coded message on stderr, and a JSON error document with --output json.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task MalformedJson_IsInvalidInput_WithLocation()
    {
        var file = Write("bad.json", "{ \"workflow_id\": \"x\", \"nodes\": { ");

        var run = await CliHarness.RunAsync("run", file, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.MalformedFile, run.Stderr, StringComparison.Ordinal);
        var error = run.Json();
        Assert.Equal("invalid", error.GetProperty("status").GetString());
        Assert.Equal(ErrorCodes.MalformedFile, error.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("line", error.GetProperty("errors")[0].GetProperty("location").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedYaml_IsInvalidInput()
    {
        var file = Write("bad.yaml", "workflow_id: x\nnodes: [\n  - id: a\n    type: PassThroughNode\n");

        var run = await CliHarness.RunAsync("validate", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.MalformedFile, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownNodeType_IsInvalidInput_WithSuggestion()
    {
        var file = Write("unknown.json", """{"workflow_id": "x", "nodes": {"a": {"node_type": "PassThruNode"}}}""");

        var run = await CliHarness.RunAsync("run", file, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var error = run.Json().GetProperty("error");
        Assert.Equal(ErrorCodes.UnknownNodeType, error.GetProperty("code").GetString());
        Assert.Equal("a", error.GetProperty("node").GetString());
        Assert.Contains("Did you mean 'PassThroughNode'?", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionToMissingNode_IsInvalidInput()
    {
        var file = Write("missing.json", """{"workflow_id": "x", "nodes": {"a": {"node_type": "PassThroughNode"}}, "connections": [{"from": "a", "to": "b"}]}""");

        var run = await CliHarness.RunAsync("validate", file, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Json().GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == ErrorCodes.UnknownTargetNode);
    }

    [Fact]
    public async Task MalformedParam_IsInvalidInput()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", "score", "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(ErrorCodes.InvalidField, run.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ParamForUnknownNode_IsInvalidInput_WithSuggestion()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", "bonsu.multiplier=2");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean 'bonus'?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongParameterValue_FailsTheRun_WithExitCode1()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", "score=\"lots\"", "--output", "json");

        Assert.Equal(1, run.ExitCode);
        var document = run.Json();
        Assert.Equal("failed", document.GetProperty("status").GetString());
        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, document.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("grade", document.GetProperty("error").GetProperty("node").GetString());
        Assert.Equal("failed", document.GetProperty("results").GetProperty("grade").GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownOption_IsInvalidInput()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--runtime", "turbo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("turbo", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidMaxConcurrency_IsInvalidInput()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--max-concurrency", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.InvalidOptions, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledRun_ExitsWith130()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var run = await CliHarness.RunCancellableAsync(["run", CliHarness.Example("linear-pipeline.json"), "--output", "json"], cancelled.Token);

        Assert.Equal(130, run.ExitCode);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
