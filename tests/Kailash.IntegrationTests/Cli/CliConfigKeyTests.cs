using System.Text.Json.Nodes;
using Kailash.Cli;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// The documented <c>kailash.json</c> (docs/api/nodes-catalogue.md) holds every key <see cref="CliConfig"/> accepts and no
/// other; it loads as written, and each of its keys, misspelt, is refused with KWF112 naming it.
/// </summary>
public sealed class CliConfigKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-config-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every key path of the documented file except resource names (which are free: <c>resources.database</c>).</summary>
    public static TheoryData<string> DocumentedKeyPaths() => [.. KeyPaths(Documented(), string.Empty).Where(p => p.Split('.') is not ["resources", _])];

    [Fact]
    public void DocumentedConfig_Loads_WithEveryValue()
    {
        var config = CliConfig.Load(Write(Documented()));

        Assert.Equal(Path.Combine(_dir, "bin", "MyCompany.Nodes.dll"), Assert.Single(config.Plugins));
        Assert.Equal("KAILASH_SECRET_", config.SecretsPrefix);
        Assert.Equal(["api.example.com"], config.Hosts!);
        Assert.Equal(100_000, config.MaxSteps);
        Assert.Equal(TimeSpan.FromSeconds(300), config.Timeout);
        Assert.Equal(16, config.MaxConcurrency);
        Assert.Equal(4, config.MaxConcurrentRuns);
        Assert.Equal(50, config.Resources["database"].QueueLimit);
        Assert.Equal(100, config.Resources["database"].RateLimit);
        Assert.Equal("nomic-embed-text", config.Ai!.EmbeddingModel);
        Assert.Equal("OPENAI_API_KEY", config.Ai.ApiKeySecret);
    }

    [Fact]
    public void DocumentedKeys_AreExactlyTheAcceptedKeys()
    {
        var documented = Documented();
        var sections = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["(root)"] = [.. documented.Select(p => p.Key)],
            ["resources.*"] = [.. documented["resources"]!.AsObject().Single().Value!.AsObject().Select(p => p.Key)],
        };
        foreach (var section in new[] { "secrets", "permissions", "limits", "ai" })
        {
            sections[section] = [.. documented[section]!.AsObject().Select(p => p.Key)];
        }

        Assert.Equal(CliConfig.Keys.Keys.Order(StringComparer.Ordinal), sections.Keys.Order(StringComparer.Ordinal));
        foreach (var (section, keys) in CliConfig.Keys)
        {
            Assert.Equal(keys.Order(StringComparer.Ordinal), sections[section].Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(DocumentedKeyPaths))]
    public void EachKey_Misspelt_IsRefusedWithItsCode(string path)
    {
        var document = Documented();
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate((JsonNode)document, (node, key) => node[key]!).AsObject();
        var value = parent[segments[^1]]!.DeepClone();
        parent.Remove(segments[^1]);
        parent[segments[^1] + "x"] = value;

        var ex = Assert.Throws<CliInputException>(() => CliConfig.Load(Write(document)));

        Assert.Equal(ErrorCodes.InvalidCliConfig, ex.Code);
        var section = segments.Length == 1 ? "(root)" : string.Join('.', segments[..^1]);
        Assert.Contains($"'{section}.{segments[^1]}x'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"Did you mean '{segments[^1]}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKey_FailsTheCommand_WithExit2()
    {
        File.WriteAllText(Path.Combine(_dir, "kailash.json"), """{"limits": {"max_step": 10}}""");
        var workflow = Path.Combine(_dir, "w.json");
        File.WriteAllText(workflow, """{"nodes": {"a": {"node_type": "PassThroughNode"}}}""");

        var run = await CliHarness.RunAsync("run", workflow);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{ErrorCodes.InvalidCliConfig}:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("limits.max_step", run.Stderr, StringComparison.Ordinal);
    }

    private static IEnumerable<string> KeyPaths(JsonObject node, string prefix)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            yield return path;
            if (value is JsonObject child)
            {
                foreach (var inner in KeyPaths(child, path))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The <c>kailash.json</c> block of the node catalogue documentation.</summary>
    private static JsonObject Documented()
    {
        var text = File.ReadAllText(Path.Combine(CliHarness.RepositoryRoot, "docs", "api", "nodes-catalogue.md"));
        var start = text.IndexOf("```json", text.IndexOf("`kailash.json` (beside", StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        return JsonNode.Parse(text[start..end])!.AsObject();
    }

    private string Write(JsonObject config)
    {
        var path = Path.Combine(_dir, "kailash.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
