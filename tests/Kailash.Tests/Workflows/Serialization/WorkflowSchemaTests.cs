using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Kailash.Nodes;
using Kailash.Runtime.Enterprise;
using Kailash.Security;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Tests.Workflows.Serialization;

/// <summary>
/// <c>schemas/workflow.schema.json</c> stays equal to what the loader accepts: every example validates and loads, every key
/// in the loader's own tables is in the schema (and the schema names no other), and invalid files are refused by both.
/// </summary>
public sealed class WorkflowSchemaTests
{
    private static readonly string Root = LoaderFuzzTests.RepositoryRoot();
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));
    private static readonly Lazy<JsonObject> SchemaDocument = new(() => JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject());

    private static string SchemaPath => Path.Combine(Root, "schemas", "workflow.schema.json");

    public static TheoryData<string> Examples() => [.. ExampleFiles()];

    private static List<string> ExampleFiles()
        => [.. Directory.EnumerateFiles(Path.Combine(Root, "examples"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "kailash.json")
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void Examples_IncludeTheRealWorkFolder() => Assert.Contains(ExampleFiles(), e => e.StartsWith("examples/real-work/", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_ValidatesAgainstTheSchema_AndLoads(string example)
    {
        var path = Path.Combine(Root, example);

        var result = Evaluate(ToJson(File.ReadAllText(path), path.EndsWith(".yaml", StringComparison.Ordinal)));
        var workflow = WorkflowSerializer.LoadFile(path, PermissiveRegistry());

        Assert.True(result.IsValid, Describe(result));
        Assert.NotEmpty(workflow.Nodes);
    }

    [Fact]
    public void Schema_NamesEveryKeyTheLoaderKnows_AndNoOther()
    {
        AssertSameKeys(Properties(SchemaDocument.Value, followTop: true), F.TopLevelKeys, "top level");
        AssertSameKeys(Def("node"), [.. F.NodeTypeNames, .. F.NodeConfigNames, NodePolicyReader.RetryKey, NodePolicyReader.TimeoutKey, NodePolicyReader.CircuitBreakerKey, NodePolicyReader.ResourcesKey], "node");
        AssertSameKeys(Def("listNode"), F.NodeIdNames, "listed node");
        AssertSameKeys(Def("connection"), [.. F.SourceNodeNames, .. F.SourceOutputNames, .. F.TargetNodeNames, .. F.TargetInputNames], "connection");
        AssertSameKeys(Def("topLevelConnection"), F.InlineCycleKeys, "inline cycle edge");
        AssertSameKeys(Def("cycle"), F.CycleKeys, "cycle");
        AssertSameKeys(Def("retry"), NodePolicyReader.RetryFields, "retry");
        AssertSameKeys(Def("timeout"), NodePolicyReader.TimeoutFields, "timeout");
        AssertSameKeys(Def("circuitBreaker"), NodePolicyReader.BreakerFields, "circuit_breaker");
    }

    [Fact]
    public void EveryFieldNameOfTheLoader_IsInOneOfItsTables()
    {
        string[][] tables = [F.TopLevelKeys, F.NodeIdNames, F.NodeTypeNames, F.NodeConfigNames, F.SourceNodeNames, F.SourceOutputNames, F.TargetNodeNames, F.TargetInputNames, F.InlineCycleKeys, F.CycleKeys];
        var names = typeof(F).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && !f.Name.StartsWith("Default", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.True(names.Count >= 25, "the loader's field constants were not found");
        Assert.All(names, name => Assert.Contains(tables, t => t.Contains(name)));
    }

    [Fact]
    public void FileFormatReference_ListsEveryLoaderKey_AndEveryBuiltInTypeWithItsConfigKeys()
    {
        var reference = File.ReadAllText(Path.Combine(Root, "docs", "file-format.md"));
        string[][] tables = [F.TopLevelKeys, F.NodeIdNames, F.NodeTypeNames, F.NodeConfigNames, F.SourceNodeNames, F.SourceOutputNames, F.TargetNodeNames, F.TargetInputNames, F.InlineCycleKeys, F.CycleKeys, NodePolicyReader.RetryFields, NodePolicyReader.TimeoutFields, NodePolicyReader.BreakerFields];
        var lines = reference.Split('\n');

        Assert.All(tables.SelectMany(t => t).Distinct(), key => Assert.Contains($"`{key}`", reference, StringComparison.Ordinal));
        foreach (var type in NodeRegistry.BuiltIn.TypeNames)
        {
            var row = lines.FirstOrDefault(l => l.StartsWith($"| `{type}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/file-format.md has no row for {type}");
            Assert.All(NodeRegistry.BuiltIn.Describe(type).Parameters, p => Assert.Contains($"`{p.Name}`", row, StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, string> ValidFiles() => new()
    {
        { "list nodes with type/parameters, from/to", """{"nodes": [{"id": "a", "type": "PassThroughNode", "parameters": {"data": 1}}, {"node_id": "b", "node_type": "PassThroughNode"}], "connections": [{"from": "a", "to": "b", "from_output": "data", "to_input": "data"}]}""" },
        { "from_node/to_node", """{"workflow_id": 7, "nodes": {"a": {"node_type": "PassThroughNode", "config": {"data": 1}}, "b": {"node_type": "PassThroughNode", "position": [1, 2]}}, "connections": [{"from_node": "a", "from_output": "data", "to_node": "b", "to_input": "data"}]}""" },
        { "inline cycle", """{"nodes": {"a": {"node_type": "PassThroughNode", "config": {"data": 1}}}, "connections": [{"source_node": "a", "source_output": "data", "target_node": "a", "target_input": "data", "cycle": true, "cycle_id": "c", "max_iterations": 3, "timeout": 2.5}]}""" },
        { "cycles list with aliases", """{"nodes": {"a": {"node_type": "PassThroughNode", "config": {"data": 1}, "retry": {"max_attempts": 2}, "timeout": 5}}, "cycles": [{"cycle_id": "c", "connections": [{"from": "a", "to": "a", "from_output": "data", "to_input": "data"}], "max_iterations": 2, "convergence_check": "data > 0", "timeout": 10}]}""" },
    };

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void ValidFile_InEveryVocabulary_IsAcceptedByBoth(string what, string json)
    {
        var result = Evaluate(JsonNode.Parse(json));

        Assert.True(result.IsValid, what + ": " + Describe(result));
        Assert.NotEmpty(WorkflowSerializer.LoadJson(json, NodeRegistry.BuiltIn).Nodes);
    }

    public static TheoryData<string, string> InvalidFiles() => new()
    {
        { "no nodes", """{"workflow_id": "x"}""" },
        { "nodes as text", """{"nodes": "a"}""" },
        { "node without a type", """{"nodes": {"a": {"config": {}}}}""" },
        { "empty node type", """{"nodes": {"a": {"node_type": " "}}}""" },
        { "config and parameters", """{"nodes": {"a": {"node_type": "PassThroughNode", "config": {}, "parameters": {}}}}""" },
        { "config as a list", """{"nodes": {"a": {"node_type": "PassThroughNode", "config": [1]}}}""" },
        { "listed node without id", """{"nodes": [{"type": "PassThroughNode"}]}""" },
        { "source named twice", """{"nodes": {"a": {"node_type": "PassThroughNode"}, "b": {"node_type": "PassThroughNode"}}, "connections": [{"source_node": "a", "from": "a", "source_output": "data", "target_node": "b", "target_input": "data"}]}""" },
        { "strict form without target_input", """{"nodes": {"a": {"node_type": "PassThroughNode"}, "b": {"node_type": "PassThroughNode"}}, "connections": [{"source_node": "a", "source_output": "data", "target_node": "b"}]}""" },
        { "connection without target", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "connections": [{"from": "a"}]}""" },
        { "connections as an object", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "connections": {"from": "a"}}""" },
        { "max_iterations 0", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "connections": [{"from": "a", "to": "a", "cycle": true, "max_iterations": 0}]}""" },
        { "cycle without connections", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": "c", "max_iterations": 2}]}""" },
        { "cycle_id null", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": null, "connections": [{"from": "a", "to": "a"}], "max_iterations": 2}]}""" },
        { "cycle with both convergence keys", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": "c", "connections": [{"from": "a", "to": "a"}], "converge_when": "x", "convergence_check": "y"}]}""" },
        { "cycle edge with cycle false", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": "c", "connections": [{"from": "a", "to": "a", "cycle": false}], "max_iterations": 2}]}""" },
        { "negative cycle timeout", """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": "c", "connections": [{"from": "a", "to": "a"}], "max_iterations": 2, "timeout_seconds": -1}]}""" },
        { "misspelt retry setting", """{"nodes": {"a": {"node_type": "PassThroughNode", "retry": {"max_attemps": 3}}}}""" },
        { "unknown timeout setting", """{"nodes": {"a": {"node_type": "PassThroughNode", "timeout": {"seconds": 3}}}}""" },
        { "empty node id", """{"nodes": {"": {"node_type": "PassThroughNode"}}}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void InvalidFile_IsRefusedByBoth(string what, string json)
    {
        var result = Evaluate(JsonNode.Parse(json));
        var error = Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadJson(json, NodeRegistry.BuiltIn));

        Assert.False(result.IsValid, what + " passed the schema");
        Assert.StartsWith("KWF", error.Errors[0].Code, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltCycleSetting_IsAnError_AtItsKey()
    {
        const string Json = """{"nodes": {"a": {"node_type": "PassThroughNode"}}, "cycles": [{"cycle_id": "c", "connections": [{"from": "a", "to": "a"}], "max_iteration": 2}]}""";

        var error = Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadJson(Json, NodeRegistry.BuiltIn)).Errors.First(e => e.Code == ErrorCodes.MisspeltKey);

        Assert.Contains("'max_iterations'", error.Message, StringComparison.Ordinal);
        Assert.Equal($"cycles[0].max_iteration, line 1, column {Json.IndexOf("\"max_iteration\"", StringComparison.Ordinal) + 1}", error.Location);
    }

    private static NodeRegistry PermissiveRegistry()
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = new WorkflowPermissions { AllowCode = true, FileRoots = [Root, Directory.GetCurrentDirectory()] };
        return registry;
    }

    private static EvaluationResults Evaluate(JsonNode? document)
        => Schema.Value.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults result)
        => string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));

    private static JsonNode? ToJson(string text, bool yaml)
    {
        var diagnostics = new LoadDiagnostics("example");
        var root = yaml ? YamlSourceReader.Read(text, diagnostics) : JsonSourceReader.Read(text, diagnostics);
        return Convert(root);
    }

    private static JsonNode? Convert(SourceValue? value) => value switch
    {
        SourceMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key, Convert(e.Value)))),
        SourceSequence sequence => new JsonArray([.. sequence.Items.Select(Convert)]),
        SourceScalar { Value: null } or null => null,
        SourceScalar { Value: string text } => JsonValue.Create(text),
        SourceScalar { Value: bool flag } => JsonValue.Create(flag),
        SourceScalar { Value: long number } => JsonValue.Create(number),
        SourceScalar { Value: double number } => JsonValue.Create(number),
        _ => throw new InvalidOperationException("unexpected scalar"),
    };

    private static JsonObject Def(string name) => SchemaDocument.Value["$defs"]![name]!.AsObject();

    private static HashSet<string> Properties(JsonObject node, bool followTop = false)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (followTop)
        {
            names.UnionWith(node["properties"]!.AsObject().Select(p => p.Key));
            return names;
        }

        Collect(node, names);
        return names;
    }

    private static void Collect(JsonNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "properties" && child is JsonObject properties)
                    {
                        names.UnionWith(properties.Select(p => p.Key));
                    }

                    Collect(child, names);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, names);
                }

                break;
        }
    }

    private static void AssertSameKeys(JsonObject def, IEnumerable<string> loaderKeys, string where) => AssertSameKeys(Properties(def), loaderKeys, where);

    private static void AssertSameKeys(HashSet<string> schemaKeys, IEnumerable<string> loaderKeys, string where)
    {
        var expected = loaderKeys.ToHashSet(StringComparer.Ordinal);
        var missing = expected.Except(schemaKeys).Order(StringComparer.Ordinal).ToList();
        var extra = schemaKeys.Except(expected).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{where}: missing from the schema [{string.Join(", ", missing)}], not known to the loader [{string.Join(", ", extra)}]");
    }
}
