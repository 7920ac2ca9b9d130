using System.Text.Json;
using Kailash.IntegrationTests.Nodes;
using Microsoft.Data.Sqlite;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// The example commands of the README run as written (`dotnet run --project src/Kailash.Cli -- run examples/...`), as a real
/// process in a copy of the repository's <c>examples</c> folder, so relative paths and <c>kailash.json</c> work as they do
/// for a reader. Only the HTTP example is pointed at a loopback server, so nothing reaches the network.
/// </summary>
public sealed class ReadmeExampleTests : IDisposable
{
    private const string CommandPrefix = "dotnet run --project src/Kailash.Cli -- ";

    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-readme-").FullName;

    public ReadmeExampleTests() => CopyDirectory(Path.Combine(CliHarness.RepositoryRoot, "examples"), Path.Combine(_dir, "examples"));

    public static TheoryData<string> RunCommands() => [.. ReadmeRunCommands()];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Readme_ListsTheFiveRealWorkExamples()
    {
        var commands = ReadmeRunCommands();

        foreach (var example in new[] { "real-work/csv-to-sqlite.json", "real-work/http-to-json.json", "sub-workflow.yaml", "real-work/llm-summarise.json", "real-work/python-exported-orders.json" })
        {
            Assert.Contains(commands, c => c.Contains("examples/" + example, StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(CliHarness.RepositoryRoot, "examples", example)), example);
        }
    }

    [Theory]
    [MemberData(nameof(RunCommands))]
    public async Task ReadmeCommand_RunsAsWritten(string command)
    {
        if (command.Contains("python-", StringComparison.Ordinal))
        {
            PythonRequirement.SkipUnlessAvailable();
        }

        await using var server = new LoopbackServer((_, _) => LoopbackServer.Json("""[{"id": 1, "title": "read the README"}]"""));
        List<string> args = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        if (!args.Contains("--output"))
        {
            args.AddRange(["--output", "json"]);
        }

        if (command.Contains("http-to-json", StringComparison.Ordinal))
        {
            args.AddRange(["--param", $"fetch.url={server.BaseUrl}/todos", "--allow-host", $"127.0.0.1:{server.Port}", "--allow-host", "jsonplaceholder.typicode.com"]);
        }

        var run = await CliHarness.RunProcessInAsync(_dir, [.. args]);

        Assert.True(run.ExitCode == 0, command + "\n" + run.Stderr + run.Stdout);
        Assert.Equal("completed", run.Json().GetProperty("status").GetString());
        var output = Path.Combine(_dir, "examples", "real-work", "output");
        switch (args[1])
        {
            case "examples/real-work/csv-to-sqlite.json":
                Assert.True(File.Exists(Path.Combine(output, "orders.db")));
                break;
            case "examples/real-work/http-to-json.json":
                using (var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "items.json"))))
                {
                    Assert.Equal("read the README", saved.RootElement[0].GetProperty("title").GetString());
                }

                break;
            case "examples/real-work/llm-summarise.json":
                Assert.StartsWith("summary: ", File.ReadAllText(Path.Combine(output, "summary.txt")), StringComparison.Ordinal);
                break;
        }
    }

    private static List<string> ReadmeRunCommands()
        => [.. File.ReadAllLines(Path.Combine(CliHarness.RepositoryRoot, "README.md"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith(CommandPrefix + "run examples/", StringComparison.Ordinal))
            .Select(l => l[CommandPrefix.Length..].Split('#')[0].Trim())
            .Distinct(StringComparer.Ordinal)];

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) != "output"))
        {
            CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
        }
    }
}
