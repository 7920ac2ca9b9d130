using System.Text;
using System.Text.Json;
using Kailash.Durability;

namespace Kailash.IntegrationTests.Cli;

public sealed class RunsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-runs-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Runs_list_and_show_read_a_sqlite_store()
    {
        var path = Path.Combine(_directory, "runs.db");
        await SeedAsync(path);

        var list = await CliHarness.RunAsync("runs", "list", "--store", $"sqlite:{path}", "--output", "json");
        Assert.Equal(0, list.ExitCode);
        var runs = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("runs");
        Assert.Equal(["r2", "r1"], runs.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal("suspended", runs[0].GetProperty("status").GetString());

        var show = await CliHarness.RunAsync("runs", "show", "r2", "--store", $"sqlite:{path}", "--output", "json");
        Assert.Equal(0, show.ExitCode);
        var doc = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(["a", "ask"], doc.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node_id").GetString()));
        Assert.Equal("q1", doc.GetProperty("pending_requests")[0].GetProperty("request_id").GetString());

        var table = await CliHarness.RunAsync("runs", "show", "r2", "--store", $"sqlite:{path}");
        Assert.Contains("approval", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_stores_and_unknown_runs_are_coded_errors_with_exit_code_2()
    {
        var path = Path.Combine(_directory, "runs.db");
        await SeedAsync(path);
        var garbage = Path.Combine(_directory, "garbage.db");
        await File.WriteAllTextAsync(garbage, new string('z', 5000), TestContext.Current.CancellationToken);

        var unknown = await CliHarness.RunAsync("runs", "show", "nope", "--store", $"sqlite:{path}");
        var corrupt = await CliHarness.RunAsync("runs", "list", "--store", $"sqlite:{garbage}");
        var spec = await CliHarness.RunAsync("runs", "list", "--store", "mysql:somewhere");

        Assert.Equal((2, true), (unknown.ExitCode, unknown.Stderr.Contains(ErrorCodes.RunNotFound, StringComparison.Ordinal)));
        Assert.Equal((2, true), (corrupt.ExitCode, corrupt.Stderr.Contains(ErrorCodes.StoreCorrupt, StringComparison.Ordinal)));
        Assert.Equal((2, true), (spec.ExitCode, spec.Stderr.Contains(ErrorCodes.InvalidStoreSpec, StringComparison.Ordinal)));
    }

    private static async Task SeedAsync(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10); // recent: finished runs older than 30 days are pruned when the store opens
        await using var store = new SqliteRunStore(path);
        await store.CreateRunAsync(new RunRecord { RunId = "r1", WorkflowId = "wf", Fingerprint = "f", Status = DurableRunStatus.Completed, CreatedAt = t0, UpdatedAt = t0 }, ct);
        await store.CreateRunAsync(new RunRecord { RunId = "r2", WorkflowId = "wf", Fingerprint = "f", CreatedAt = t0.AddMinutes(1), UpdatedAt = t0.AddMinutes(1) }, ct);
        var fence = (await store.AcquireLeaseAsync("r2", "me", t0.AddHours(1), t0.AddMinutes(1), ct))!.Value;
        await store.CommitAsync(
            [
                new NodeCommit { RunId = "r2", NodeId = "a", Fence = fence, Status = NodeExecutionStatus.Completed, Outputs = Encoding.UTF8.GetBytes("{}"), Timestamp = t0 },
                new NodeCommit
                {
                    RunId = "r2", NodeId = "ask", Fence = fence, Status = NodeExecutionStatus.Waiting, Timestamp = t0, RunStatus = DurableRunStatus.Suspended,
                    Request = new InputRequestRecord { RunId = "r2", RequestId = "q1", NodeId = "ask", Name = "approval", Payload = "\"approve?\"", CreatedAt = t0 },
                },
            ],
            ct);
    }
}
