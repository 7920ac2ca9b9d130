using System.Text.Json;

namespace Kailash.IntegrationTests.Cli;

/// <summary>Every example workflow runs through the real command on both runtimes with identical results.</summary>
public sealed class ExampleTests
{
    public static TheoryData<string> Examples()
        => [.. Directory.GetFiles(Path.Combine(CliHarness.RepositoryRoot, "examples")).Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void Examples_AtLeastThreeExist() => Assert.True(Examples().Count >= 3);

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_RunsOnBothRuntimes_WithIdenticalResults(string example)
    {
        if (example.StartsWith("python-", StringComparison.Ordinal))
        {
            PythonRequirement.SkipUnlessAvailable();
        }

        var extra = ParametersFor(example);
        var sync = await CliHarness.RunAsync([.. new[] { "run", CliHarness.Example(example), "--runtime", "sync", "--output", "json" }, .. extra]);
        var async = await CliHarness.RunAsync([.. new[] { "run", CliHarness.Example(example), "--runtime", "async", "--output", "json" }, .. extra]);

        Assert.True(sync.ExitCode == 0, sync.Stderr);
        Assert.Equal(0, async.ExitCode);
        Assert.Equal("completed", sync.Json().GetProperty("status").GetString());
        Assert.Equal("sync", sync.Json().GetProperty("runtime").GetString());
        Assert.Equal("async", async.Json().GetProperty("runtime").GetString());
        Assert.Equal(sync.Json().GetProperty("results").GetRawText(), async.Json().GetProperty("results").GetRawText());
        Assert.Equal(sync.Json().GetProperty("cycles").GetRawText(), async.Json().GetProperty("cycles").GetRawText());
    }

    [Fact]
    public async Task LinearPipeline_ComputesTheSummary()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"), "--output", "json");

        var results = run.Json().GetProperty("results");
        Assert.Equal(12, results.GetProperty("quantity").GetProperty("outputs").GetProperty("quantity").GetInt64());
        Assert.Equal("order total: 30", results.GetProperty("summary").GetProperty("outputs").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task FanOutFanIn_JoinsAllBranches()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("fan-out-fan-in.yaml"), "--runtime", "async", "--output", "json");

        Assert.Equal(49 + 14 - 7, run.Json().GetProperty("results").GetProperty("join").GetProperty("outputs").GetProperty("result").GetInt64());
    }

    [Theory]
    [InlineData("72", "50", "pass", 144)]
    [InlineData("40", "50", "fail", 0)]
    public async Task Parameterized_IsDrivenByParams(string score, string threshold, string grade, long bonus)
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", $"score={score}", "--param", $"threshold={threshold}", "--output", "json");

        Assert.Equal(0, run.ExitCode);
        var results = run.Json().GetProperty("results");
        Assert.Equal(grade, results.GetProperty("grade").GetProperty("outputs").GetProperty("grade").GetString());
        Assert.Equal(bonus, results.GetProperty("bonus").GetProperty("outputs").GetProperty("bonus").GetInt64());
    }

    [Fact]
    public async Task Parameterized_NodeSpecificParamBeatsWorkflowLevel()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("parameterized.json"), "--param", "score=60", "--param", "bonus.multiplier=3", "--output", "json");

        Assert.Equal(180, run.Json().GetProperty("results").GetProperty("bonus").GetProperty("outputs").GetProperty("bonus").GetInt64());
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task ScoreRouter_TakesOneBranch_AndReportsTheOtherAsSkipped(string runtime)
    {
        var high = await CliHarness.RunAsync("run", CliHarness.Example("score-router.json"), "--runtime", runtime, "--output", "json");
        var low = await CliHarness.RunAsync("run", CliHarness.Example("score-router.json"), "--runtime", runtime, "--mode", "skip-branches", "--param", "gate.input_data={\"name\":\"Lee\",\"score\":31}", "--output", "json");

        var results = high.Json().GetProperty("results");
        Assert.Equal("skipped", results.GetProperty("low").GetProperty("status").GetString());
        Assert.Equal("conditional_routing", results.GetProperty("low").GetProperty("reason").GetString());
        Assert.Equal("Ada is approved with 72", results.GetProperty("collect").GetProperty("outputs").GetProperty("merged_data").GetString());
        var other = low.Json().GetProperty("results");
        Assert.Equal("skipped", other.GetProperty("high").GetProperty("status").GetString());
        Assert.Equal("Lee needs review", other.GetProperty("collect").GetProperty("outputs").GetProperty("merged_data").GetString());
    }

    [Fact]
    public async Task RefineLoop_ConvergesAndReportsTheCycle()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("refine-loop.yaml"), "--output", "json");

        var cycle = run.Json().GetProperty("cycles").GetProperty("newton");
        Assert.Equal("converged", cycle.GetProperty("termination").GetString());
        Assert.InRange(cycle.GetProperty("iterations").GetInt32(), 2, 19);
        var guess = run.Json().GetProperty("results").GetProperty("step").GetProperty("outputs").GetProperty("guess").GetDouble();
        Assert.Equal(Math.Sqrt(2), guess, 6);
    }

    [Fact]
    public async Task RealProcess_RunsAnExample_AndPrintsOneJsonDocument()
    {
        var run = await CliHarness.RunProcessAsync("run", "examples/linear-pipeline.json", "--output", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(JsonValueKind.Object, run.Json().ValueKind);
        Assert.Equal("completed", run.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task TableOutput_ListsEveryNode()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"));

        Assert.Equal(0, run.ExitCode);
        foreach (var node in new[] { "read", "quantity", "amount", "summary" })
        {
            Assert.Contains(node, run.Stdout, StringComparison.Ordinal);
        }
    }

    private static string[] ParametersFor(string example)
        => example == "parameterized.json" ? ["--param", "score=72"] : example.StartsWith("python-", StringComparison.Ordinal) ? ["--allow-code"] : [];
}
