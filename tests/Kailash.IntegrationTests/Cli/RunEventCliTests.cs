using System.Text;
using System.Text.Json;
using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows.Serialization;
using Spectre.Console;

namespace Kailash.IntegrationTests.Cli;

/// <summary>The CLI's use of run events: <c>--output jsonl</c>, <c>runs show --events</c>, and the progress bar driven by events.</summary>
public sealed class RunEventCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-events-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Jsonl_StreamsEveryEventAsOneLine_ThenTheResult(string runtime)
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("refine-loop.yaml"), "--runtime", runtime, "--output", "jsonl");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var events = lines[..^1];
        Assert.Equal("RunStarted", events[0].GetProperty("type").GetString());
        Assert.Equal("RunCompleted", events[^1].GetProperty("type").GetString());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "CycleIteration" && e.GetProperty("cycle_id").GetString() == "newton");
        var result = lines[^1];
        Assert.Equal(("RunResult", "completed"), (result.GetProperty("type").GetString(), result.GetProperty("status").GetString()));
        Assert.Equal(events[0].GetProperty("run_id").GetString(), result.GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Jsonl_PutsARefusalOnOneLine()
    {
        var run = await CliHarness.RunAsync("run", CliHarness.Example("refine-loop.yaml"), "--output", "jsonl", "--param", "step.nope=1");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(("Invalid", "invalid"), (JsonDocument.Parse(line).RootElement.GetProperty("type").GetString(), JsonDocument.Parse(line).RootElement.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task RunsShow_WithEvents_ListsTheStoredEventsInOrder()
    {
        var path = Path.Combine(_directory, "runs.db");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using (var store = new SqliteRunStore(path))
        {
            var ct = TestContext.Current.CancellationToken;
            await store.CreateRunAsync(new RunRecord { RunId = "r", WorkflowId = "wf", Fingerprint = "f", CreatedAt = t0, UpdatedAt = t0 }, ct);
            var fence = (await store.AcquireLeaseAsync("r", "me", t0.AddHours(1), t0, ct))!.Value;
            RunEvent[] events = [new RunStarted { RunId = "r", Seq = 1, WorkflowId = "wf", TotalNodes = 1, Timestamp = t0 }, new NodeCompleted { RunId = "r", Seq = 2, NodeId = "a", Ports = ["result"], Timestamp = t0 }];
            await store.CommitAsync([new NodeCommit { RunId = "r", NodeId = "a", Fence = fence, Status = NodeExecutionStatus.Completed, Outputs = Encoding.UTF8.GetBytes("{}"), Timestamp = t0, Events = [.. events.Select(RunEventJson.ToRecord)] }], ct);
        }

        var json = await CliHarness.RunAsync("runs", "show", "r", "--store", $"sqlite:{path}", "--output", "json", "--events");
        var table = await CliHarness.RunAsync("runs", "show", "r", "--store", $"sqlite:{path}", "--events");

        Assert.Equal((0, 0), (json.ExitCode, table.ExitCode));
        var stored = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("events");
        Assert.Equal(["RunStarted", "NodeCompleted"], stored.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Contains("NodeCompleted", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("ports=[\"result\"]", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProgressBar_MovesThroughALongCycle_AndEndsFull()
    {
        var workflow = WorkflowSerializer.LoadFile(CliHarness.Example("refine-loop.yaml"));
        using var runtime = new LocalRuntime();
        var task = new ProgressTask(1, "run", workflow.Nodes.Count);
        var progress = new Kailash.Cli.EventProgress(task, workflow, runtime.Cycles.GetCycles(workflow).Select(c => (c.CycleId, c.Members)));
        var during = new List<double>();

        runtime.Execute(workflow, null, new RunSettings { OnEvent = e => { progress.OnEvent(e); if (e is CycleIteration) { during.Add(progress.Value); } } }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(during);
        Assert.True(during[0] > 0, "the bar sat at 0 while the cycle iterated");
        Assert.True(during.SequenceEqual(during.Order()), "the bar went backwards");
        Assert.True(during[^1] < workflow.Nodes.Count);
        Assert.Equal(workflow.Nodes.Count, progress.Value);
        Assert.Equal(workflow.Nodes.Count, task.Value);
    }
}
