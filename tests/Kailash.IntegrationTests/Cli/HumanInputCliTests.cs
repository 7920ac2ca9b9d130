using System.Text.Json;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// A run that waits for a person, end to end through the <c>kailash</c> command in separate processes: <c>run</c> exits 3
/// with the question on stderr, <c>runs show</c> lists it, bad answers are refused with codes (exit 2), and
/// <c>resume --input</c> finishes the run (exit 0). The workflow is the README's example, examples/human-input/approval.json.
/// </summary>
public sealed class HumanInputCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-input-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Run_exits_3_when_suspended_and_resume_with_input_finishes_it(string runtime)
    {
        var file = CliHarness.Example("human-input/approval.json");
        var store = $"sqlite:{Path.Combine(_directory, "runs.db")}";

        var run = await CliHarness.RunProcessAsync("run", file, "--store", store, "--run-id", "pay-1", "--runtime", runtime, "--output", "json", "--quiet");
        Assert.True(run.ExitCode == 3, run.Stderr);
        var suspended = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("approve", suspended.GetProperty("pending_inputs")[0].GetProperty("request_id").GetString());
        Assert.Contains("kailash resume pay-1 --input approval=VALUE", run.Stderr, StringComparison.Ordinal);

        var shown = await CliHarness.RunProcessAsync("runs", "show", "pay-1", "--store", store, "--output", "json");
        var shownJson = JsonDocument.Parse(shown.Stdout).RootElement;
        Assert.Equal("suspended", shownJson.GetProperty("status").GetString());
        Assert.Equal("approval", shownJson.GetProperty("pending_requests")[0].GetProperty("name").GetString());

        var nothing = await CliHarness.RunProcessAsync("resume", "pay-1", "--store", store);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains(ErrorCodes.RunAwaitingInput, nothing.Stderr, StringComparison.Ordinal);

        var unknown = await CliHarness.RunProcessAsync("resume", "pay-1", "--store", store, "--input", "aproval=true");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains(ErrorCodes.InputRequestNotFound, unknown.Stderr, StringComparison.Ordinal);

        var malformed = await CliHarness.RunProcessAsync("resume", "pay-1", "--store", store, "--input", "approval");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("REQUEST=VALUE", malformed.Stderr, StringComparison.Ordinal);

        var resumed = await CliHarness.RunProcessAsync("resume", "pay-1", "--store", store, "--input", "approval=true", "--runtime", runtime, "--output", "json", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var finished = JsonDocument.Parse(resumed.Stdout).RootElement;
        Assert.Equal("completed", finished.GetProperty("status").GetString());
        Assert.Equal(240, finished.GetProperty("results").GetProperty("pay").GetProperty("outputs").GetProperty("result").GetInt64());

        var again = await CliHarness.RunProcessAsync("resume", "pay-1", "--store", store, "--input", "approval=false");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains(ErrorCodes.ResumeFinishedRun, again.Stderr, StringComparison.Ordinal);
    }
}
