namespace Kailash.IntegrationTests.Cli;

/// <summary>kailash.json and the environment flags: secrets from environment variables, limits, error policy, strict config.</summary>
public sealed class CliEnvironmentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-cli-env-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SecretReference_IsReadFromTheEnvironment_AndNeverPrinted()
    {
        const string variable = "KAILASH_CLI_TEST_API_KEY_7F3A";
        Environment.SetEnvironmentVariable(variable, "s3cr3t-value");
        try
        {
            var file = Write("secret.json", """
                {"workflow_id": "s", "nodes": {"check": {"node_type": "ExpressionNode",
                  "config": {"expression": "key == 's3cr3t-value'", "key": {"$secret": "VARIABLE"}}}}}
                """.Replace("VARIABLE", variable, StringComparison.Ordinal));

            var run = await CliHarness.RunAsync("run", file, "--output", "json");

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.True(run.Json().GetProperty("results").GetProperty("check").GetProperty("outputs").GetProperty("result").GetBoolean());
            Assert.DoesNotContain("s3cr3t-value", run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task SecretsProviderNone_LeavesTheSecretMissing()
    {
        Write("kailash.json", """{"secrets": {"provider": "none"}}""");
        var file = Write("secret.json", """{"workflow_id": "s", "nodes": {"check": {"node_type": "ExpressionNode", "config": {"expression": "key", "key": {"$secret": "PATH"}}}}}""");

        var run = await CliHarness.RunAsync("run", file, "--output", "json");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(ErrorCodes.MissingSecret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxSteps_FromTheFlag_StopsALongLoop()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("refine-loop.yaml"), "--max-steps", "2", "--output", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(ErrorCodes.StepBudgetExceeded, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorPolicyContinue_RunsIndependentBranches()
    {
        var file = Write("fail.json", """
            {"workflow_id": "f", "nodes": {
              "bad": {"node_type": "ExpressionNode", "config": {"expression": "1 / zero", "zero": 0}},
              "good": {"node_type": "ExpressionNode", "config": {"expression": "2 + 2"}}}}
            """);

        var stop = await CliHarness.RunAsync("run", file, "--output", "json");
        var go = await CliHarness.RunAsync("run", file, "--error-policy", "continue", "--output", "json");

        Assert.Equal(1, stop.ExitCode);
        Assert.Equal(1, go.ExitCode);
        Assert.Equal("completed", go.Json().GetProperty("results").GetProperty("good").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConfigLimits_AreApplied_AndFlagsOverrideThem()
    {
        Write("kailash.json", """{"limits": {"max_steps": 2}}""");
        var loop = Path.Combine(_directory, "loop.yaml");
        File.Copy(CliHarness.Example("refine-loop.yaml"), loop);

        var limited = await CliHarness.RunAsync("run", loop, "--output", "json");
        var lifted = await CliHarness.RunAsync("run", loop, "--max-steps", "1000", "--output", "json");

        Assert.Contains(ErrorCodes.StepBudgetExceeded, limited.Stdout, StringComparison.Ordinal);
        Assert.True(lifted.ExitCode == 0, lifted.Stderr);
    }

    [Theory]
    [InlineData("""{"permisions": {}}""", "Did you mean 'permissions'?")]
    [InlineData("""{"limits": {"timeout": "soon"}}""", "limits.timeout")]
    [InlineData("""{"permissions": {"hosts": "example.com"}}""", "permissions.hosts")]
    [InlineData("""{"secrets": {"provider": "vault"}}""", "secrets.provider")]
    [InlineData("""{ not json""", "not valid JSON")]
    public async Task InvalidConfig_IsInvalidInput_WithItsCode(string config, string expected)
    {
        Write("kailash.json", config);
        var file = Write("w.json", """{"workflow_id": "w", "nodes": {"a": {"node_type": "PassThroughNode"}}}""");

        var run = await CliHarness.RunAsync("validate", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.InvalidCliConfig, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_MustBeADuration()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"), "--timeout", "-3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.InvalidField, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPluginAssembly_IsInvalidInput()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"), "--nodes", Path.Combine(_directory, "nope.dll"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.PluginLoadFailed, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesType_ShowsParametersWithDefaults_AndUnknownTypeIsInvalid()
    {
        var detail = await CliHarness.RunAsync("nodes", "ExpressionNode", "--output", "json");
        var unknown = await CliHarness.RunAsync("nodes", "ExpresionNode");

        Assert.Equal(0, detail.ExitCode);
        var node = Assert.Single(detail.Json().GetProperty("nodes").EnumerateArray());
        var expression = node.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "expression");
        Assert.True(expression.GetProperty("required").GetBoolean());
        Assert.Equal("string", expression.GetProperty("type").GetString());
        Assert.Equal(["result"], node.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Did you mean 'ExpressionNode'?", unknown.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
