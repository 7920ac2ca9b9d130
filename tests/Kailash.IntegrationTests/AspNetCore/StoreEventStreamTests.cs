using System.Net;
using Kailash.Durability;
using Kailash.IntegrationTests.Cli;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// The events endpoint reads the run store (through <c>WatchAsync</c>), not the server's memory: a run started outside the
/// server — another runtime with its own connection to the same SQLite file, as another process would be — is
/// watched live over a real Kestrel socket, resumed from a sequence number, read and (not) cancelled.
/// </summary>
public sealed class StoreEventStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-sse-store-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ARunStartedOutsideTheServer_OnTheSameSqliteStore_IsWatchedOverHttp_AndResumable()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(_dir, "runs.db");
        var release = Path.Combine(_dir, "release");

        // The server: the run API over the SQLite file, on a loopback port chosen by the OS. It does not know FileGateNode.
        var builder = Loopback.Builder();
        builder.Configuration["Kailash:Store"] = "sqlite:" + file;
        builder.Services.AddKailash();
        await using var app = builder.Build();
        app.MapKailash("/api");
        await app.StartAsync(ct);
        using var client = Loopback.Client(app);

        // Outside the server: its own store object (own connections) and runtime on the same file.
        await using var store = new SqliteRunStore(file);
        using var runtime = new AsyncLocalRuntime(new RuntimeOptions { RunStore = store });
        var registry = NodeRegistry.CreateDefault();
        registry.Register<FileGateNode>();
        var workflow = new WorkflowBuilder("gated", registry)
            .AddNode("FileGateNode", "gate", new() { ["path"] = release })
            .AddNode("PassThroughNode", "after")
            .AddConnection("gate", "result", "after", "data")
            .Build();
        const string runId = "outside-run";
        var running = runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, ct).AsTask();
        while (await store.GetRunAsync(runId, ct) is null)
        {
            await Task.Delay(10, ct);
        }

        var seen = new List<(long Id, string Type, System.Text.Json.JsonElement Data)>();
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events"))
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            await foreach (var item in SseAsync(reader))
            {
                seen.Add(item);
                if (item.Type == "NodeStarted" && item.Data.GetProperty("node_id").GetString() == "gate")
                {
                    // Still running, in another runtime: the server shows it from the store but cannot cancel it.
                    var live = await JsonAsync(await client.GetAsync($"/api/runs/{runId}", ct));
                    Assert.Equal("running", live.GetProperty("status").GetString());
                    await ProblemAsync(await client.PostAsync($"/api/runs/{runId}/cancel", null, ct), HttpStatusCode.Conflict, ErrorCodes.RunNotCancellableHere);
                    FileGateNode.Open(release, "go");
                }
            }
        }

        var result = await running;
        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        var stored = await store.ReadEventsAsync(runId, 0, 1000, ct);
        Assert.Equal(stored.Select(e => (e.Seq, e.Type)), seen.Select(e => (e.Id, e.Type)));
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Id));
        Assert.Equal("RunStarted", seen[0].Type);
        Assert.Equal("RunCompleted", seen[^1].Type);
        Assert.Contains(seen, e => e.Type == "NodeCompleted" && e.Data.GetProperty("node_id").GetString() == "after");

        var resumed = await ReadEventsAsync(client, $"/api/runs/{runId}/events", lastEventId: 3);
        Assert.Equal(seen.Skip(3).Select(e => (e.Id, e.Type)), resumed.Select(e => (e.Id, e.Type)));
        Assert.Empty(await ReadEventsAsync(client, $"/api/runs/{runId}/events?fromSeq={seen.Count}"));

        var run = await JsonAsync(await client.GetAsync($"/api/runs/{runId}", ct));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("completed", run.GetProperty("nodes").GetProperty("after").GetString());
        Assert.Equal("go", run.GetProperty("results").GetProperty("gate").GetProperty("result").GetString());
        await ProblemAsync(await client.PostAsync($"/api/runs/{runId}/cancel", null, ct), HttpStatusCode.Conflict, ErrorCodes.RunAlreadyFinished);

        // The server has no FileGateNode: the stored definition does not load here, so there is no graph (a coded 404, not a 500).
        await ProblemAsync(await client.GetAsync($"/api/runs/{runId}/graph", ct), HttpStatusCode.NotFound, ErrorCodes.RunWorkflowUnavailable);
        await app.StopAsync(ct);
    }
}
