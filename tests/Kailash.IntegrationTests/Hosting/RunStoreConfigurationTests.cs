using System.Net;
using System.Net.Http.Json;
using Kailash.Durability;
using Kailash.Hosting;
using Kailash.IntegrationTests.Cli;
using Kailash.Nodes;
using Kailash.Testing;
using Kailash.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.Hosting;

/// <summary>
/// <c>Kailash:Store</c> chooses the <see cref="IRunStore"/> <c>AddKailash</c> registers (memory, SQLite file, PostgreSQL),
/// a bad specification fails start with KWF145 (password masked), and <c>Kailash:AllowCode</c> / <c>kailash serve
/// --allow-code</c> admit code nodes.
/// </summary>
public sealed class RunStoreConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-store-config-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static IHost NewHost(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddKailash();
        return builder.Build();
    }

    private static RunRecord NewRun(string id) => new()
    {
        RunId = id,
        WorkflowId = "wf",
        Fingerprint = "sha256:abc",
        Status = DurableRunStatus.Running,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static async Task<IRunStore> StartedStoreAsync(IHost host)
    {
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host.Services.GetRequiredService<IRunStore>();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("memory")]
    [InlineData("memory:")]
    public async Task Memory_IsTheDefault(string? spec)
    {
        using var host = spec is null ? NewHost() : NewHost(("Kailash:Store", spec));

        Assert.IsType<InMemoryRunStore>(await StartedStoreAsync(host));
    }

    [Fact]
    public async Task Sqlite_IsTheConfiguredFile()
    {
        var file = Path.Combine(_dir, "runs.db");
        using (var host = NewHost(("Kailash:Store", "sqlite:" + file)))
        {
            var store = await StartedStoreAsync(host);
            await store.CreateRunAsync(NewRun("configured"), TestContext.Current.CancellationToken);

            Assert.IsType<SqliteRunStore>(store);
            await host.StopAsync(TestContext.Current.CancellationToken);
        }

        await using var reopened = RunStoreSpec.Open("sqlite:" + file);
        Assert.Equal("wf", (await reopened.GetRunAsync("configured", TestContext.Current.CancellationToken))!.WorkflowId);
    }

    [Fact]
    public async Task Postgres_FromAKindAndAConnectionString()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("hoststore");
        using var host = NewHost(("Kailash:Store", "postgres"), ("Kailash:StoreConnectionString", database));

        var store = await StartedStoreAsync(host);
        await store.CreateRunAsync(NewRun("pg"), TestContext.Current.CancellationToken);

        Assert.IsType<PostgresRunStore>(store);
        Assert.NotNull(await store.GetRunAsync("pg", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PersistentStore_RecordsTheHostedRuntimesRuns()
    {
        var file = Path.Combine(_dir, "recorded.db");
        using var persistent = NewHost(("Kailash:Store", "sqlite:" + file));
        await persistent.StartAsync(TestContext.Current.CancellationToken);
        var runtime = persistent.Services.GetRequiredService<Kailash.Runtime.AsyncLocalRuntime>();

        var result = await runtime.ExecuteAsync(PassThrough(persistent.Services), null, TestContext.Current.CancellationToken);

        var record = await persistent.Services.GetRequiredService<IRunStore>().GetRunAsync(result.RunId, TestContext.Current.CancellationToken);
        Assert.Equal(DurableRunStatus.Completed, record!.Status);
        Assert.Same(persistent.Services.GetRequiredService<IRunStore>(), runtime.Options.RunStore);
    }

    [Fact]
    public async Task MemoryStore_RecordsRunsToo_AndKeepsOnlyTheNewestRunHistoryFinishedRuns()
    {
        using var memory = NewHost(("Kailash:RunHistory", "2"));
        await memory.StartAsync(TestContext.Current.CancellationToken);
        var runtime = memory.Services.GetRequiredService<Kailash.Runtime.AsyncLocalRuntime>();
        var store = memory.Services.GetRequiredService<IRunStore>();
        Assert.Same(store, runtime.Options.RunStore);
        Assert.Same(store, memory.Services.GetRequiredService<Kailash.Runtime.LocalRuntime>().Options.RunStore);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await runtime.ExecuteAsync(PassThrough(memory.Services), null, TestContext.Current.CancellationToken)).RunId);
        }

        Assert.Null(await store.GetRunAsync(ids[0], TestContext.Current.CancellationToken));
        Assert.Equal(DurableRunStatus.Completed, (await store.GetRunAsync(ids[1], TestContext.Current.CancellationToken))!.Status);
        Assert.Equal(DurableRunStatus.Completed, (await store.GetRunAsync(ids[2], TestContext.Current.CancellationToken))!.Status);
        Assert.Equal([ids[2], ids[1]], (await store.ListRunsAsync(new RunQuery(), TestContext.Current.CancellationToken)).Select(r => r.RunId));
    }

    private static Workflow PassThrough(IServiceProvider services)
        => new WorkflowBuilder("recorded", services.GetRequiredService<NodeRegistry>())
            .AddNode("PassThroughNode", "a", new() { ["data"] = 1L })
            .Build();

    [Theory]
    [InlineData("redis:localhost", "redis:localhost")]
    [InlineData("mongo:Password=hunter2;Host=db", "mongo:Password=***;Host=db")]
    [InlineData("sqlite:", "sqlite:")]
    public async Task BadStore_FailsStart_WithItsCode_AndNoPassword(string spec, string shown)
    {
        using var host = NewHost(("Kailash:Store", spec));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith($"{ErrorCodes.InvalidHostingConfiguration}: Setting 'Kailash:Store' is '{shown}'", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task AllowCode_AdmitsCodeNodes(string? allow, bool allowed)
    {
        using var host = allow is null ? NewHost() : NewHost(("Kailash:AllowCode", allow));
        await host.StartAsync(TestContext.Current.CancellationToken);
        var registry = host.Services.GetRequiredService<NodeRegistry>();

        var build = () => new WorkflowBuilder("code", registry).AddNode("PythonCodeNode", "py", new() { ["code"] = "result = 1" }).Build();

        if (allowed)
        {
            Assert.Single(build().Nodes);
        }
        else
        {
            Assert.Contains(Assert.Throws<WorkflowValidationException>(build).Errors, e => e.Code == ErrorCodes.CodeNotAllowed);
        }
    }

    [Fact]
    public async Task Serve_WithAllowCodeAndASqliteStore_RunsTheCodeExample()
    {
        PythonRequirement.SkipUnlessAvailable();
        var folder = ServeHarness.ExamplesFolder("python-exported-score-router.json");
        var refused = await CliHarness.RunAsync("serve", "--workflows", folder, "--port", "0");
        await using var server = await ServeHarness.StartAsync(folder, "--allow-code", "--store", "sqlite:" + Path.Combine(_dir, "serve.db"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };

        var run = await client.PostAsJsonAsync("/kailash/workflows/demo-wf/runs?wait=true", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains(ErrorCodes.CodeNotAllowed, refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal("completed", (await JsonAsync(run)).GetProperty("status").GetString());
        Assert.Contains("run store: sqlite:", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }
}
