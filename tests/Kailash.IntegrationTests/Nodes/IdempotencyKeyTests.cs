using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Testing;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Nodes;

/// <summary>
/// A node interrupted by a crash runs again when its run is resumed; the HTTP and SQL nodes pass the same idempotency key
/// (<c>{runId}:{nodeId}:{iteration}</c>) both times, so the other system can drop the repeat.
/// </summary>
public sealed class IdempotencyKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-idem-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("HTTPRequestNode", false)]
    [InlineData("HTTPRequestNode", true)]
    [InlineData("RESTClientNode", false)]
    [InlineData("RESTClientNode", true)]
    public async Task An_interrupted_http_call_is_repeated_with_the_same_Idempotency_Key_header(string type, bool async)
    {
        await using var server = new LoopbackServer((_, _) => LoopbackServer.Json("{\"ok\": true}", 201));
        var config = type == "HTTPRequestNode"
            ? new Dictionary<string, object?> { ["url"] = server.BaseUrl + "/orders", ["method"] = "POST", ["json_data"] = new Dictionary<string, object?> { ["n"] = 1L } }
            : new Dictionary<string, object?> { ["base_url"] = server.BaseUrl + "/", ["resource"] = "orders", ["method"] = "POST", ["data"] = new Dictionary<string, object?> { ["n"] = 1L } };

        await CrashThenResumeAsync(() => new WorkflowBuilder("idem").AddNode(type, "call", config).Build(), "idem-run", async, WorkflowPermissions.Default);

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("idem-run:call:0", r.Headers["Idempotency-Key"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_interrupted_sql_write_can_use_the_idempotency_key_placeholder(bool async)
    {
        var database = "sqlite:///" + Path.Combine(_directory, "orders.db");
        var permissions = new WorkflowPermissions { FileRoots = [_directory] };
        Workflow Build(string query) => new WorkflowBuilder("sql", Registry(permissions)).AddNode("SQLDatabaseNode", "write", new() { ["connection_string"] = database, ["query"] = query }).Build();
        await RunAsync(Build("CREATE TABLE done (key TEXT PRIMARY KEY)"), async, null, "setup");

        await CrashThenResumeAsync(() => Build("INSERT INTO done (key) VALUES (:idempotency_key) ON CONFLICT DO NOTHING"), "sql-run", async, permissions);

        var rows = await RunAsync(Build("SELECT key FROM done"), async, null, "check");
        var row = Assert.Single((List<object?>)rows["write"]["data"]!);
        Assert.Equal("sql-run:write:0", ((IReadOnlyDictionary<string, object?>)row!)["key"]);
    }

    /// <summary>Runs with a store that dies after the node's start is recorded (so its result is lost), then resumes from the real store.</summary>
    private static async Task CrashThenResumeAsync(Func<Workflow> build, string runId, bool async, WorkflowPermissions permissions)
    {
        var store = new InMemoryRunStore();
        await Assert.ThrowsAsync<RunStoreException>(() => RunAsync(build(), async, new CrashingRunStore(store, 1), runId));
        var options = new RuntimeOptions { RunStore = store, Permissions = permissions };
        WorkflowRunResult resumed;
        if (async)
        {
            await using var runtime = new AsyncLocalRuntime(options);
            resumed = await runtime.ResumeAsync(build(), runId, cancellationToken: TestContext.Current.CancellationToken);
        }
        else
        {
            using var runtime = new LocalRuntime(options);
            resumed = runtime.Resume(build(), runId, cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal(WorkflowRunStatus.Completed, resumed.Status);
        Assert.Equal(2, Assert.Single(await store.GetNodeExecutionsAsync(runId, 0, TestContext.Current.CancellationToken)).Attempt);
    }

    private static async Task<WorkflowRunResult> RunAsync(Workflow workflow, bool async, IRunStore? store, string runId)
    {
        var options = new RuntimeOptions { RunStore = store };
        var settings = new RunSettings { RunId = runId };
        if (async)
        {
            await using var runtime = new AsyncLocalRuntime(options);
            return await runtime.ExecuteAsync(workflow, null, settings, TestContext.Current.CancellationToken);
        }

        using var sync = new LocalRuntime(options);
        return sync.Execute(workflow, null, settings, TestContext.Current.CancellationToken);
    }

    private static NodeRegistry Registry(WorkflowPermissions permissions)
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = permissions;
        return registry;
    }
}
