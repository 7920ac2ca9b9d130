using System.Text.Json;
using Kailash.Durability;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// <c>kailash watch RUN_ID --store … [--from SEQ] [--output jsonl]</c>: follows a run's events from the store — a finished
/// run's, and a run still going in another process — and exits with the run's exit code.
/// </summary>
public sealed class WatchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-watch-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string Store => "sqlite:" + Path.Combine(_directory, "runs.db");

    private static List<JsonElement> Lines(string stdout)
        => [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private async Task<IReadOnlyList<RunEventRecord>> StoredEventsAsync(string runId)
    {
        await using var store = RunStoreSpec.Open(Store);
        return await store.ReadEventsAsync(runId, 0, 10_000, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AFinishedRun_JsonlIsEveryStoredEvent_ThenItsStatus_FromASequenceNumber_AndExit0()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("refine-loop.yaml"), "--store", Store, "--run-id", "finished", "--output", "json", "--quiet");
        Assert.Equal(0, run.ExitCode);

        var watch = await CliHarness.RunAsync("watch", "finished", "--store", Store, "--output", "jsonl");
        var from = await CliHarness.RunAsync("watch", "finished", "--store", Store, "--output", "jsonl", "--from", "4");
        var lines = await CliHarness.RunAsync("watch", "finished", "--store", Store);

        Assert.Equal(0, watch.ExitCode);
        var stored = await StoredEventsAsync("finished");
        var events = Lines(watch.Stdout);
        Assert.Equal(stored.Select(e => (e.Seq, e.Type)), events[..^1].Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!)));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "CycleIteration");
        Assert.Equal(("RunStatus", "completed", 0), (events[^1].GetProperty("type").GetString(), events[^1].GetProperty("status").GetString(), events[^1].GetProperty("exit_code").GetInt32()));
        Assert.Equal(0, from.ExitCode);
        Assert.Equal(stored.Skip(4).Select(e => e.Seq), Lines(from.Stdout)[..^1].Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(0, lines.ExitCode);
        Assert.StartsWith("#1 RunStarted", lines.Stdout, StringComparison.Ordinal);
        Assert.Contains($"#{stored[^1].Seq} RunCompleted", lines.Stdout, StringComparison.Ordinal);
        Assert.Contains("run finished of workflow 'refine-loop': completed", lines.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("go", 0, "RunCompleted", "completed")]
    [InlineData("fail", 1, "RunFailed", "failed")]
    public async Task ARunOfAnotherProcess_IsFollowedUntilItEnds_AndTheWatchExitsWithItsExitCode(string gateText, int exitCode, string endEvent, string status)
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = Path.Combine(_directory, "gate");
        var file = Path.Combine(_directory, "gated.json");
        await File.WriteAllTextAsync(file, $$"""
            {
              "workflow_id": "gated",
              "nodes": {
                "gate": { "node_type": "FileGateNode", "config": { "path": {{JsonSerializer.Serialize(gate)}} } },
                "after": { "node_type": "PassThroughNode" }
              },
              "connections": [ { "source_node": "gate", "source_output": "result", "target_node": "after", "target_input": "data" } ]
            }
            """, ct);
        var plugin = typeof(FileGateNode).Assembly.Location;

        // Another process runs the workflow; it waits at the gate until this test opens it.
        var running = CliHarness.RunProcessInAsync(_directory, "run", file, "--store", Store, "--run-id", "live", "--nodes", plugin, "--output", "json", "--quiet");
        await using (var store = RunStoreSpec.Open(Store))
        {
            while ((await ReadOrEmptyAsync(store, "live")).All(e => e.Type != "NodeStarted"))
            {
                Assert.False(running.IsCompleted, running.IsCompleted ? (await running).Stderr : null);
                await Task.Delay(20, ct);
            }
        }

        var watching = CliHarness.RunAsync("watch", "live", "--store", Store, "--output", "jsonl");
        await Task.Delay(300, ct); // let the watch read what is stored before the run goes on (either way it must see every event)
        FileGateNode.Open(gate, gateText);
        var watch = await watching;
        var run = await running;

        Assert.Equal(exitCode, run.ExitCode);
        Assert.True(watch.ExitCode == exitCode, watch.Stderr);
        var events = Lines(watch.Stdout);
        var stored = await StoredEventsAsync("live");
        Assert.Equal(stored.Select(e => (e.Seq, e.Type)), events[..^1].Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!)));
        Assert.Equal(endEvent, events[^2].GetProperty("type").GetString());
        Assert.Equal(status, events[^1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadInput_UnknownRun_NegativeFrom_BadStore_AreExit2WithACode()
    {
        await CliHarness.RunAsync("run", CliHarness.Example("linear-pipeline.json"), "--store", Store, "--run-id", "known", "--quiet");

        var unknown = await CliHarness.RunAsync("watch", "nope", "--store", Store);
        var negative = await CliHarness.RunAsync("watch", "known", "--store", Store, "--from", "-1");
        var badStore = await CliHarness.RunAsync("watch", "known", "--store", "redis:localhost");
        var badFrom = await CliHarness.RunAsync("watch", "known", "--store", Store, "--from", "soon");

        Assert.Equal((2, true), (unknown.ExitCode, unknown.Stderr.StartsWith(ErrorCodes.RunNotFound, StringComparison.Ordinal)));
        Assert.Equal((2, true), (negative.ExitCode, negative.Stderr.StartsWith(ErrorCodes.InvalidField, StringComparison.Ordinal)));
        Assert.Equal((2, true), (badStore.ExitCode, badStore.Stderr.StartsWith(ErrorCodes.InvalidStoreSpec, StringComparison.Ordinal)));
        Assert.Equal(2, badFrom.ExitCode);
        Assert.Empty(unknown.Stdout);
    }

    private static async Task<IReadOnlyList<RunEventRecord>> ReadOrEmptyAsync(IRunStore store, string runId)
        => await store.GetRunAsync(runId, TestContext.Current.CancellationToken) is null ? [] : await store.ReadEventsAsync(runId, 0, 1000, TestContext.Current.CancellationToken);
}
