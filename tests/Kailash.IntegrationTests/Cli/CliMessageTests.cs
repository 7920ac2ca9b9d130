namespace Kailash.IntegrationTests.Cli;

/// <summary>CLI messages and hostile values (issue 11): help, advice in CLI terms, unwrapped lines, NaN/∞, validate = run.</summary>
public sealed class CliMessageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-cli-msg-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task NoArguments_PrintsHelp()
    {
        var run = await CliHarness.RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("validate", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectoryNamedLikeAFile_IsReportedAsADirectory()
    {
        var path = Directory.CreateDirectory(Path.Combine(_directory, "dir.json")).FullName;

        var run = await CliHarness.RunAsync("validate", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.FileNotReadable, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("is a directory", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnmarkedCycle_AdvisesFileKeys_NotCSharpCalls()
    {
        var file = Write("loop.json", """{"nodes": {"a": {"type": "PassThroughNode"}, "b": {"type": "PassThroughNode"}}, "connections": [{"from": "a", "from_output": "data", "to": "b", "to_input": "data"}, {"from": "b", "from_output": "data", "to": "a", "to_input": "data"}]}""");

        var run = await CliHarness.RunAsync("validate", file, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var message = run.Json().GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(ErrorCodes.UnmarkedCycle, message, StringComparison.Ordinal);
        Assert.Contains("'cycles:'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateCycle", message, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateCycle", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRewrittenPhrase_StillAppearsInTheLibrary()
    {
        var sources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(CliHarness.RepositoryRoot, "src", "Kailash"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        Assert.All(Kailash.Cli.CliAdvice.Phrases, phrase => Assert.Contains(phrase.Api, sources, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LongWarnings_AreNotHardWrapped_WhenRedirected()
    {
        var id = string.Concat(Enumerable.Repeat("a_very_long_node_identifier_", 8));
        var file = Write("wide.json", "{\"nodes\": {\"" + id + "1\": {\"type\": \"PassThroughNode\"}, \"" + id + "2\": {\"type\": \"PassThroughNode\"}}}");

        var run = await CliHarness.RunAsync("validate", file);

        var warnings = run.Stdout.Split('\n').Where(line => line.StartsWith("warning", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, warning => Assert.Contains(id, warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InfiniteParameter_IsRefusedWithACode()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", "score=1e400", "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(ErrorCodes.NonFiniteNumber, run.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonFiniteOutputs_AreWrittenAsNamedNumbers()
    {
        var file = Write("nan.yaml", "nodes:\n  a:\n    type: PassThroughNode\n    config:\n      data: [.nan, .inf, -.inf]\n");

        var run = await CliHarness.RunAsync("run", file, "--output", "json");

        Assert.Equal(0, run.ExitCode);
        var data = run.Json().GetProperty("results").GetProperty("a").GetProperty("outputs").GetProperty("data");
        Assert.Equal(["NaN", "Infinity", "-Infinity"], data.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task NonFiniteOutputs_PrintInTheTable()
    {
        var file = Write("nan-table.yaml", "nodes:\n  a:\n    type: PassThroughNode\n    config:\n      data: .inf\n");

        var run = await CliHarness.RunAsync("run", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Infinity", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateJson_WhenValidationFails_HasTheDocumentedErrorObject_AndRunAgrees()
    {
        // Loads fine; only the runtime's options (no resource 'db' configured) make it fail: before, 'run' ran it and exited 1.
        var file = Write("resource.json", """{"nodes": {"a": {"type": "PassThroughNode", "config": {"data": 1}, "resources": "db"}}}""");

        var validate = await CliHarness.RunAsync("validate", file, "--output", "json");
        var run = await CliHarness.RunAsync("run", file, "--output", "json");

        Assert.Equal(2, validate.ExitCode);
        var document = validate.Json();
        Assert.Equal("invalid", document.GetProperty("status").GetString());
        var error = document.GetProperty("error");
        Assert.Equal(document.GetProperty("errors")[0].GetProperty("code").GetString(), error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("node", out _));
        Assert.Equal(validate.ExitCode, run.ExitCode);
        Assert.Equal("invalid", run.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Validate_TakesParameters()
    {
        var withBadName = await CliHarness.RunAsync("validate", CliHarness.Example("parameterized.json"), "--param", "scroe=3", "--output", "json");
        var withoutParams = await CliHarness.RunAsync("validate", CliHarness.Example("parameterized.json"), "--output", "json");

        Assert.Equal(2, withBadName.ExitCode);
        Assert.Equal(ErrorCodes.UnknownParameter, withBadName.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, withoutParams.ExitCode);
    }

    [Fact]
    public async Task Validate_TakesAParamsFile()
    {
        var parameters = Write("params.json", """{"scroe": 3}""");

        var run = await CliHarness.RunAsync("validate", CliHarness.Example("parameterized.json"), "--params-file", parameters);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.UnknownParameter, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_WhileLoading_Exits130_InsteadOfFinishingTheLoad()
    {
        // The file is broken, so a load that ran to its end would report KWF020 and exit 2: 130 shows the load was abandoned.
        var file = Write("broken.json", "{\"nodes\": {");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = await CliHarness.RunCancellableAsync(["run", file], cancellation.Token);

        Assert.Equal(130, run.ExitCode);
    }

    [Fact]
    public async Task Validate_ReportsWhatWouldFailAtRunTime()
    {
        var resources = Write("resources.yaml", "nodes:\n  a:\n    type: PassThroughNode\n    resources: db\n");
        var timeout = Write("timeout.yaml", "nodes:\n  a:\n    type: PassThroughNode\n    timeout: 0.001\n");
        var loop = Write("loop.yaml", "nodes:\n  a:\n    type: PassThroughNode\n  b:\n    type: PassThroughNode\nconnections:\n  - {from: a, from_output: data, to: b, to_input: data}\ncycles:\n  - cycle_id: spin\n    max_iterations: 900000\n    connections:\n      - {from: b, from_output: data, to: a, to_input: data}\n");

        var resourcesRun = await CliHarness.RunAsync("validate", resources, "--output", "json");
        var timeoutRun = await CliHarness.RunAsync("validate", timeout, "--output", "json");
        var loopRun = await CliHarness.RunAsync("validate", loop, "--output", "json");

        Assert.Equal(2, resourcesRun.ExitCode);
        Assert.Contains("no configuration provides", resourcesRun.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, timeoutRun.ExitCode);
        Assert.Equal(ErrorCodes.InvalidResiliencePolicy, timeoutRun.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, loopRun.ExitCode);
        Assert.Contains(loopRun.Json().GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == ErrorCodes.StepBudgetExceeded);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
