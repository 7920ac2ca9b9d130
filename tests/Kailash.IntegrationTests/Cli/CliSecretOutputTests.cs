namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// A secret given through the environment never appears in the CLI's stdout or stderr (issue 11): not in a run's table
/// or JSON, not in a derived value, not in a failure's message, not in validate's output — in-process and as a real
/// process. The secret is long and distinctive, so a substring match would catch any leak.
/// </summary>
public sealed class CliSecretOutputTests : IDisposable
{
    private const string Secret = "zq-7Hx9-S3CR3T-pw-41kd";

    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-cli-secret-").FullName;
    private readonly string _variable = "KAILASH_CLI_LEAK_" + Guid.NewGuid().ToString("N").ToUpperInvariant();

    public CliSecretOutputTests() => Environment.SetEnvironmentVariable(_variable, Secret);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sync", "table")]
    [InlineData("sync", "json")]
    [InlineData("async", "table")]
    [InlineData("async", "json")]
    public async Task SuccessfulRun_WithADerivedValue_NeverPrintsTheSecret(string runtime, string output)
    {
        var run = await CliHarness.RunAsync("run", Workflow("ok", "'GET /orders with key ' + key"), "--runtime", runtime, "--output", output);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("GET /orders with key ***", run.Stdout, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Theory]
    [InlineData("sync", "table")]
    [InlineData("sync", "json")]
    [InlineData("async", "table")]
    [InlineData("async", "json")]
    public async Task FailingRun_WhoseErrorQuotesTheSecret_NeverPrintsIt(string runtime, string output)
    {
        // Indexing a string with a string fails, and the expression error quotes the value it got.
        var run = await CliHarness.RunAsync("run", Workflow("fails", "key[key]"), "--runtime", runtime, "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(ErrorCodes.ExpressionEvaluationFailed, run.Stdout + run.Stderr, StringComparison.Ordinal);
        AssertNoSecret(run);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Validate_NeverPrintsTheSecret(string output)
    {
        var run = await CliHarness.RunAsync("validate", Workflow("validate", "'x' + key"), "--output", output);

        Assert.Equal(0, run.ExitCode);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task RealProcess_RunAndFailure_NeverPrintTheSecret()
    {
        // The child process inherits this process's environment, so it reads the secret the same way a user's shell gives it.
        var ok = await CliHarness.RunProcessAsync("run", Workflow("process-ok", "'GET /orders with key ' + key"), "--output", "json");
        var failed = await CliHarness.RunProcessAsync("run", Workflow("process-fails", "key[key]"));

        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("GET /orders with key ***", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, failed.ExitCode);
        AssertNoSecret(ok);
        AssertNoSecret(failed);
    }

    private static void AssertNoSecret(CliRun run)
    {
        Assert.DoesNotContain(Secret, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[4..16], run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private string Workflow(string name, string expression)
    {
        var path = Path.Combine(_directory, name + ".json");
        var json = """
            {"workflow_id": "NAME", "nodes": {
              "use": {"node_type": "ExpressionNode", "config": {"expression": "EXPRESSION", "key": {"$secret": "VARIABLE"}}}}}
            """;
        File.WriteAllText(path, json.Replace("NAME", name, StringComparison.Ordinal).Replace("EXPRESSION", expression, StringComparison.Ordinal).Replace("VARIABLE", _variable, StringComparison.Ordinal));
        return path;
    }
}
