using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Tests.Workflows.Serialization;

public sealed class WorkflowSerializerFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kailash-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Workflow Sample() => new WorkflowBuilder("sample", TestRegistry.Create())
        .WithName("Sample")
        .AddNode("EchoNode", "a", new Dictionary<string, object?> { ["value"] = 7 })
        .AddNode("PassThroughNode", "b")
        .AddConnection("a", "result", "b", "data")
        .Build();

    [Theory]
    [InlineData("flow.json")]
    [InlineData("flow.yaml")]
    [InlineData("flow.yml")]
    [InlineData("FLOW.JSON")]
    public void SaveFile_ThenLoadFile_RoundTrips(string fileName)
    {
        var path = Path.Combine(_folder, fileName);

        WorkflowSerializer.SaveFile(Sample(), path);
        var loaded = WorkflowSerializer.LoadFile(path, TestRegistry.Create());

        Assert.Equal("sample", loaded.Id);
        Assert.Equal(7L, loaded.GetNode("a").Config["value"]);
        Assert.Equal(new Connection("a", "result", "b", "data"), Assert.Single(loaded.Connections));
        var text = File.ReadAllText(path);
        var isJson = fileName.EndsWith("json", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(isJson ? WorkflowSerializer.ToJson(loaded) : WorkflowSerializer.ToYaml(loaded), text);
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);
    }

    [Fact]
    public void LoadFile_Missing_ReportsKwf023()
    {
        var path = Path.Combine(_folder, "missing.json");

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadFile(path)).Errors);

        Assert.Equal(ErrorCodes.FileNotReadable, error.Code);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Location);
    }

    [Fact]
    public void LoadFile_Directory_ReportsKwf023()
    {
        var path = Path.Combine(_folder, "folder.yaml");
        Directory.CreateDirectory(path);

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadFile(path)).Errors);

        Assert.Equal(ErrorCodes.FileNotReadable, error.Code);
    }

    [Fact]
    public void LoadFile_UnsupportedExtension_ReportsKwf023()
    {
        var path = Path.Combine(_folder, "flow.txt");
        File.WriteAllText(path, "{}");

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadFile(path)).Errors);

        Assert.Equal(ErrorCodes.FileNotReadable, error.Code);
        Assert.Contains(".json, .yaml or .yml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_NotUtf8_ReportsKwf023()
    {
        var path = Path.Combine(_folder, "latin1.yaml");
        File.WriteAllBytes(path, [(byte)'n', (byte)':', (byte)' ', 0xE9, 0xFF, (byte)'\n']);

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadFile(path)).Errors);

        Assert.Equal(ErrorCodes.FileNotReadable, error.Code);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Malformed_NamesTheFileInTheLocationAndDefaultsTheId()
    {
        var path = Path.Combine(_folder, "nightly.yaml");
        File.WriteAllText(path, "nodes:\n  a:\n    node_type: EchoNod\n");

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(() => WorkflowSerializer.LoadFile(path, TestRegistry.Create())).Errors);

        Assert.Equal(ErrorCodes.UnknownNodeType, error.Code);
        Assert.Equal($"{path}: nodes.a.node_type, line 3, column 16", error.Location);

        File.WriteAllText(path, "nodes:\n  a:\n    node_type: EchoNode\n");
        Assert.Equal("nightly", WorkflowSerializer.LoadFile(path, TestRegistry.Create()).Id);
    }

    [Fact]
    public void LoadFile_Utf8WithByteOrderMark_Loads()
    {
        var path = Path.Combine(_folder, "bom.json");
        File.WriteAllText(path, """{ "workflow_id": "bom", "nodes": { "a": { "node_type": "PassThroughNode" } } }""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("bom", WorkflowSerializer.LoadFile(path).Id);
    }

    [Fact]
    public void SaveFile_UnsupportedExtension_Throws()
    {
        Assert.Throws<ArgumentException>(() => WorkflowSerializer.SaveFile(Sample(), Path.Combine(_folder, "flow.xml")));
    }
}
