using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// Hostile workflow files through the real command: a path escape, code without permission and SQL in a parameter. Each
/// file also has a harmless, independent writer declared first, so "no side effect" is checked as "not even that node
/// ran": the file is refused with its code and exit 2 before anything runs (or, for SQL, the value stays data).
/// </summary>
public sealed class HostileWorkflowFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-hostile-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("kailash-hostile-outside-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    public static TheoryData<string, string> PathEscapes() => new()
    {
        { "dot-dot", ErrorCodes.PathTraversal },
        { "absolute", ErrorCodes.PathNotAllowed },
        { "symlink", ErrorCodes.SymlinkEscape },
        { "sqlite-file", ErrorCodes.PathNotAllowed },
        { "read-secret-file", ErrorCodes.PathNotAllowed },
    };

    [Theory]
    [MemberData(nameof(PathEscapes))]
    public async Task PathEscape_IsRefusedBeforeAnythingRuns(string kind, string code)
    {
        var victim = Path.Combine(_outside, "victim.txt");
        (string Type, Dictionary<string, object?> Config) hostile = kind switch
        {
            "dot-dot" => ("TextWriterNode", new() { ["file_path"] = Path.Combine(_dir, "..", Path.GetFileName(_outside), "victim.txt"), ["text"] = "pwned" }),
            "absolute" => ("TextWriterNode", new() { ["file_path"] = victim, ["text"] = "pwned" }),
            "symlink" => ("TextWriterNode", new() { ["file_path"] = Path.Combine(Link(), "victim.txt"), ["text"] = "pwned" }),
            "sqlite-file" => ("SQLDatabaseNode", new() { ["connection_string"] = "sqlite:///" + Path.Combine(_outside, "victim.db"), ["query"] = "CREATE TABLE pwned (x)" }),
            _ => ("TextReaderNode", new() { ["file_path"] = Secret() }),
        };
        var file = WriteWorkflow(hostile.Type, hostile.Config);

        var run = await CliHarness.RunAsync("run", file, "--allow-path", _dir, "--output", "json");
        var validate = await CliHarness.RunAsync("validate", file, "--allow-path", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains(code, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Contains(code, validate.Stderr + validate.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "first.txt")), "the first node ran");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_outside), e => Path.GetFileName(e) != "secret.txt");
        Assert.DoesNotContain("top secret", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PythonCodeNode", "open(marker, 'w').write('ran')\nresult = 1")]
    [InlineData("CSharpCodeNode", "System.IO.File.WriteAllText((string)Inputs[\"marker\"], \"ran\"); return 1;")]
    public async Task CodeWithoutPermission_IsRefusedBeforeAnythingRuns(string type, string code)
    {
        var marker = Path.Combine(_dir, "marker.txt");
        var file = WriteWorkflow(type, new() { ["code"] = code, ["marker"] = marker });

        var run = await CliHarness.RunAsync("run", file, "--allow-path", _dir, "--output", "json");
        var validate = await CliHarness.RunAsync("validate", file, "--allow-path", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(2, validate.ExitCode);
        Assert.Contains(ErrorCodes.CodeNotAllowed, run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allow-code", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(Path.Combine(_dir, "first.txt")), "the first node ran");
    }

    [Theory]
    [InlineData("x'); DROP TABLE users; --")]
    [InlineData("' OR '1'='1")]
    public async Task SqlInAParameter_StaysData_AndTheTableSurvives(string hostile)
    {
        var db = Path.Combine(_dir, "users.db");
        using (var setup = new SqliteConnection($"Data Source={db}"))
        {
            setup.Open();
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice'); CREATE TABLE audit (name TEXT)";
            create.ExecuteNonQuery();
        }

        var file = Path.Combine(_dir, "sql.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["workflow_id"] = "sql-param",
            ["nodes"] = new Dictionary<string, object?>
            {
                ["lookup"] = Node("SQLDatabaseNode", new() { ["connection_string"] = "sqlite:///" + db, ["query"] = "SELECT name FROM users WHERE name = :name" }),
                ["insert"] = Node("SQLDatabaseNode", new() { ["connection_string"] = "sqlite:///" + db, ["query"] = "INSERT INTO audit VALUES (?)" }),
            },
        }));
        var parameters = Path.Combine(_dir, "params.json");
        File.WriteAllText(parameters, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["lookup"] = new Dictionary<string, object?> { ["parameters"] = new Dictionary<string, object?> { ["name"] = hostile } },
            ["insert"] = new Dictionary<string, object?> { ["parameters"] = new[] { hostile } },
        }));

        var run = await CliHarness.RunAsync("run", file, "--params-file", parameters, "--allow-path", _dir, "--output", "json");

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Equal(0, run.Json().GetProperty("results").GetProperty("lookup").GetProperty("outputs").GetProperty("row_count").GetInt64());
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT (SELECT group_concat(name, '|') FROM users) || '#' || (SELECT group_concat(name, '|') FROM audit)";
        Assert.Equal("alice#" + hostile, query.ExecuteScalar());
    }

    private static Dictionary<string, object?> Node(string type, Dictionary<string, object?> config) => new() { ["node_type"] = type, ["config"] = config };

    /// <summary>A workflow whose first node (independent) writes <c>first.txt</c> in the allowed directory and whose second is the hostile one.</summary>
    private string WriteWorkflow(string hostileType, Dictionary<string, object?> hostileConfig)
    {
        var file = Path.Combine(_dir, "hostile.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["workflow_id"] = "hostile",
            ["nodes"] = new Dictionary<string, object?>
            {
                ["first"] = Node("TextWriterNode", new() { ["file_path"] = Path.Combine(_dir, "first.txt"), ["text"] = "harmless" }),
                ["hostile"] = Node(hostileType, hostileConfig),
            },
        }));
        return file;
    }

    private string Link()
    {
        var link = Path.Combine(_dir, "escape");
        Directory.CreateSymbolicLink(link, _outside);
        return link;
    }

    private string Secret()
    {
        var secret = Path.Combine(_outside, "secret.txt");
        File.WriteAllText(secret, "top secret");
        return secret;
    }
}
