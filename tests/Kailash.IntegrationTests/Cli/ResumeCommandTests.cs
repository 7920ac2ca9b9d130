using System.Text.Json;

namespace Kailash.IntegrationTests.Cli;

/// <summary><c>kailash run --store</c> and <c>kailash resume</c>: the run id, the store from the environment, and the coded refusals (exit code 2).</summary>
public sealed class ResumeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-resume-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Run_with_a_store_prints_its_run_id_records_it_and_a_finished_run_is_not_resumed()
    {
        var store = $"sqlite:{Path.Combine(_directory, "state", "runs.db")}";

        var run = await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"), "--store", store, "--run-id", "nightly", "--output", "json");
        var again = await CliHarness.RunAsync("resume", "nightly", "--store", store);
        var unknown = await CliHarness.RunAsync("resume", "nope", "--store", store, "--output", "json");
        var shown = await CliHarness.RunAsync("runs", "show", "nightly", "--store", store, "--output", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("kailash resume nightly", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("nightly", JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run_id").GetString());
        Assert.Equal("completed", JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("status").GetString());
        Assert.Equal(2, again.ExitCode);
        Assert.Contains(ErrorCodes.ResumeFinishedRun, again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains(ErrorCodes.RunNotFound, unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_with_a_changed_workflow_is_refused_unless_drift_is_allowed()
    {
        var store = $"sqlite:{Path.Combine(_directory, "runs.db")}";
        var seeded = await SeedInterruptedRunAsync(store);

        var drift = await CliHarness.RunAsync("resume", seeded, "--store", store, "--workflow", CliHarness.Example("fan-out-fan-in.yaml"));

        Assert.Equal(2, drift.ExitCode);
        Assert.Contains(ErrorCodes.WorkflowDrift, drift.Stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-drift", drift.Stderr, StringComparison.Ordinal);
        var resumed = await CliHarness.RunAsync("resume", seeded, "--store", store, "--output", "json");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal("completed", JsonDocument.Parse(resumed.Stdout).RootElement.GetProperty("status").GetString());
    }

    /// <summary>Records a linear-pipeline run whose store died after its first node (the in-process equivalent of a killed CLI).</summary>
    private static async Task<string> SeedInterruptedRunAsync(string spec)
    {
        await using var store = Kailash.Durability.RunStoreSpec.Open(spec);
        var workflow = Kailash.Workflows.Serialization.WorkflowSerializer.LoadFile(CliHarness.Example("linear-pipeline.json"));
        using var runtime = new Kailash.Runtime.LocalRuntime(new Kailash.Runtime.RuntimeOptions { RunStore = new Kailash.Testing.CrashingRunStore(store, 2) });
        Assert.Throws<Kailash.Durability.RunStoreException>(() => runtime.Execute(workflow, null, new Kailash.Runtime.RunSettings { RunId = "interrupted" }, TestContext.Current.CancellationToken));
        return "interrupted";
    }
}
