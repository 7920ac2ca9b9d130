using System.Text.Json;
using Kailash.IntegrationTests.Nodes;
using Microsoft.Data.Sqlite;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// The examples in examples/real-work run through the real command on both runtimes, with their files redirected into a
/// temporary directory (--param, --allow-path) and their HTTP calls to a loopback server the test starts.
/// </summary>
public sealed class RealWorkExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-real-work-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CsvToSqlite_LoadsTheHighValueOrders_OnBothRuntimes()
    {
        File.Copy(Data("orders.csv"), Path.Combine(_dir, "orders.csv"));
        string[] extra = ["--param", $"read.file_path={Path.Combine(_dir, "orders.csv")}", "--param", $"load.connection_string=sqlite:///{Path.Combine(_dir, "orders.db")}", "--allow-path", _dir];

        var (sync, async) = await RunBothAsync("csv-to-sqlite.json", extra);

        Assert.Equal(sync.GetProperty("results").GetRawText(), async.GetProperty("results").GetRawText());
        Assert.Equal("loaded 3 high-value orders of 5", Output(sync, "report", "summary").GetString());
        using var db = new SqliteConnection($"Data Source={Path.Combine(_dir, "orders.db")}");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT group_concat(customer, ',') FROM (SELECT customer FROM high_value ORDER BY id)";
        Assert.Equal("ACME,Initech,Hooli", query.ExecuteScalar());
    }

    [Fact]
    public void CsvToSqlite_FiltersWithFilterNode_NotInSql()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Example("csv-to-sqlite.json")));
        var nodes = document.RootElement.GetProperty("nodes");

        Assert.Equal("FilterNode", nodes.GetProperty("high_value").GetProperty("node_type").GetString());
        Assert.DoesNotContain("WHERE", nodes.GetProperty("load").GetProperty("config").GetProperty("query").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PythonExportedOrders_LoadsAndRunsUnmodified_OnBothRuntimes()
    {
        PythonRequirement.SkipUnlessAvailable();
        File.Copy(Data("orders.csv"), Path.Combine(_dir, "orders.csv"));
        string[] extra = ["--allow-code", "--param", $"read.file_path={Path.Combine(_dir, "orders.csv")}", "--allow-path", _dir];

        var (sync, async) = await RunBothAsync("python-exported-orders.json", extra);

        Assert.Equal(sync.GetProperty("results").GetRawText(), async.GetProperty("results").GetRawText());
        Assert.Equal(806.5, Output(sync, "totals", "result").GetProperty("summary").GetProperty("total").GetDouble());
        Assert.Equal("5 orders worth 806.50; biggest: Hooli", Output(sync, "join", "merged_data").GetProperty("note").GetString());
        Assert.Equal("skipped", sync.GetProperty("results").GetProperty("auto").GetProperty("status").GetString());
        Assert.Equal("1", Output(sync, "read", "data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task PythonExportedOrders_WithoutCodePermission_IsRefusedBeforeAnythingRuns()
    {
        var run = await CliHarness.RunAsync("run", Example("python-exported-orders.json"), "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.CodeNotAllowed, run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpToJson_SavesTheFetchedItems_OnBothRuntimes()
    {
        await using var server = new LoopbackServer((_, _) => LoopbackServer.Json("""[{"id": 1, "title": "write tests"}, {"id": 2, "title": "ship"}]"""));
        string[] extra =
        [
            "--param", $"fetch.url={server.BaseUrl}/todos", "--allow-host", $"127.0.0.1:{server.Port}", "--allow-host", "jsonplaceholder.typicode.com",
            "--param", $"save.file_path={Path.Combine(_dir, "items.json")}", "--param", $"note.file_path={Path.Combine(_dir, "summary.txt")}", "--allow-path", _dir,
        ];

        var (sync, async) = await RunBothAsync("http-to-json.json", extra);

        foreach (var node in new[] { "summary", "save", "note" })
        {
            Assert.Equal(sync.GetProperty("results").GetProperty(node).GetRawText(), async.GetProperty("results").GetProperty(node).GetRawText());
        }

        Assert.Equal("fetched 2 items; first: write tests", File.ReadAllText(Path.Combine(_dir, "summary.txt")));
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "items.json")));
        Assert.Equal("ship", saved.RootElement[1].GetProperty("title").GetString());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task HttpToJson_HostNotAllowed_IsRefusedBeforeAnythingRuns()
    {
        var run = await CliHarness.RunAsync("run", Example("http-to-json.json"), "--allow-host", "api.example.com", "--param", $"save.file_path={Path.Combine(_dir, "items.json")}", "--allow-path", _dir, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(ErrorCodes.HostNotAllowed, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "items.json")));
    }

    [Fact]
    public async Task LlmSummarise_WithTheEchoProvider_OnBothRuntimes()
    {
        File.Copy(Data("article.txt"), Path.Combine(_dir, "article.txt"));
        string[] extra = ["--param", $"read.file_path={Path.Combine(_dir, "article.txt")}", "--param", $"write.file_path={Path.Combine(_dir, "summary.txt")}", "--allow-path", _dir];

        var (sync, async) = await RunBothAsync("llm-summarise.json", extra);

        Assert.Equal(sync.GetProperty("results").GetRawText(), async.GetProperty("results").GetRawText());
        Assert.Equal("summary: Kailash for .NET runs workflow files exported by Python Kailash on two runtimes that share one engine.", File.ReadAllText(Path.Combine(_dir, "summary.txt")));
        Assert.Equal("echo-1", Output(sync, "summarise", "response").GetProperty("model").GetString());
    }

    [Fact]
    public async Task LlmSummarise_WithAnOpenAiCompatibleEndpoint_FromKailashJson()
    {
        const string keyVariable = "KAILASH_TEST_LLM_KEY_51C2";
        Environment.SetEnvironmentVariable(keyVariable, "sk-test-123");
        try
        {
            await using var server = new LoopbackServer((_, _) => LoopbackServer.Json("""{"id": "r1", "model": "llama3.2", "choices": [{"message": {"role": "assistant", "content": "A short summary."}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 30, "completion_tokens": 4, "total_tokens": 34}}"""));
            File.WriteAllText(Path.Combine(_dir, "kailash.json"), """{"ai": {"provider": "openai", "endpoint": "ENDPOINT/v1", "model": "llama3.2", "api_key_secret": "KEY"}}""".Replace("ENDPOINT", server.BaseUrl, StringComparison.Ordinal).Replace("KEY", keyVariable, StringComparison.Ordinal));
            File.Copy(Example("llm-summarise.json"), Path.Combine(_dir, "llm.json"));
            File.Copy(Data("article.txt"), Path.Combine(_dir, "article.txt"));

            var run = await CliHarness.RunAsync("run", Path.Combine(_dir, "llm.json"), "--param", $"read.file_path={Path.Combine(_dir, "article.txt")}", "--param", $"write.file_path={Path.Combine(_dir, "out.txt")}", "--allow-path", _dir, "--output", "json");

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal("A short summary.", File.ReadAllText(Path.Combine(_dir, "out.txt")));
            var request = Assert.Single(server.Requests);
            Assert.Equal("/v1/chat/completions", request.PathAndQuery);
            Assert.Equal("Bearer sk-test-123", request.Headers["Authorization"]);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal("llama3.2", body.RootElement.GetProperty("model").GetString());
            Assert.Equal("system", body.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());
            Assert.DoesNotContain("sk-test-123", run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
        }
    }

    [Fact]
    public async Task HostileFile_PathEscape_IsRefusedWithACode_AndWritesNothing()
    {
        var target = Path.Combine(_dir, "..", Path.GetFileName(_dir) + "-pwned.txt");
        var file = Path.Combine(_dir, "hostile.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["workflow_id"] = "hostile",
            ["nodes"] = new Dictionary<string, object>
            {
                ["write"] = new Dictionary<string, object> { ["node_type"] = "TextWriterNode", ["config"] = new Dictionary<string, object> { ["file_path"] = target, ["text"] = "pwned" } },
            },
        }));

        var run = await CliHarness.RunAsync("run", file, "--allow-path", _dir);
        var validate = await CliHarness.RunAsync("validate", file, "--allow-path", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains(ErrorCodes.PathTraversal, run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.GetFullPath(target)));
    }

    private static string Example(string name) => Path.Combine(CliHarness.RepositoryRoot, "examples", "real-work", name);

    private static string Data(string name) => Path.Combine(CliHarness.RepositoryRoot, "examples", "real-work", "data", name);

    private static JsonElement Output(JsonElement run, string node, string port) => run.GetProperty("results").GetProperty(node).GetProperty("outputs").GetProperty(port);

    private static async Task<(JsonElement Sync, JsonElement Async)> RunBothAsync(string example, string[] extra)
    {
        var sync = await CliHarness.RunAsync([.. new[] { "run", Example(example), "--runtime", "sync", "--output", "json" }, .. extra]);
        var async = await CliHarness.RunAsync([.. new[] { "run", Example(example), "--runtime", "async", "--output", "json" }, .. extra]);
        Assert.True(sync.ExitCode == 0, sync.Stderr + sync.Stdout);
        Assert.True(async.ExitCode == 0, async.Stderr + async.Stdout);
        return (sync.Json(), async.Json());
    }
}
