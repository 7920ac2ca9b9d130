using Kailash.Security;
using Kailash.Tests.Security;

namespace Kailash.Tests.Nodes.Files;

public sealed class FileNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private WorkflowPermissions Permissions => new() { FileRoots = [_dir.Path] };

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Json_RoundTrips(bool async)
    {
        var data = new Dictionary<string, object?> { ["name"] = "Zoë", ["items"] = new List<object?> { 1L, 2.5, true, null }, ["nested"] = new Dictionary<string, object?> { ["k"] = "v" } };

        var written = NodeRunner.Outputs("JSONWriterNode", new() { ["file_path"] = _dir.File("a/b.json"), ["data"] = data }, Permissions, async);
        var read = NodeRunner.Outputs("JSONReaderNode", new() { ["file_path"] = _dir.File("a/b.json") }, Permissions, async);

        Assert.Equal(_dir.File("a/b.json"), written["file_path"]);
        var back = Assert.IsType<Dictionary<string, object?>>(read["data"]);
        Assert.Equal("Zoë", back["name"]);
        Assert.Equal(new List<object?> { 1L, 2.5, true, null }, back["items"]);
        Assert.Equal("v", ((Dictionary<string, object?>)back["nested"]!)["k"]);
        Assert.Contains("\n  \"name\"", File.ReadAllText(_dir.File("a/b.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void JsonWriter_WritesDoublesAndNonFiniteNumbersAsSavedWorkflowFilesDo(bool async)
    {
        var data = new List<object?> { 1.0, 2.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, 3L };

        NodeRunner.Outputs("JSONWriterNode", new() { ["file_path"] = _dir.File("n.json"), ["data"] = data }, Permissions, async);
        var read = NodeRunner.Outputs("JSONReaderNode", new() { ["file_path"] = _dir.File("n.json") }, Permissions, async);

        var text = File.ReadAllText(_dir.File("n.json"));
        Assert.Contains("1.0", text, StringComparison.Ordinal);
        Assert.Contains("\"NaN\"", text, StringComparison.Ordinal);
        Assert.Contains("\"-Infinity\"", text, StringComparison.Ordinal);
        var back = Assert.IsType<List<object?>>(read["data"]);
        Assert.Equal(new List<object?> { 1.0, 2.5, "NaN", "Infinity", "-Infinity", 1e300, 3L }, back);
    }

    [Fact]
    public void JsonReader_MalformedFile_IsACodedErrorWithTheLine()
    {
        File.WriteAllText(_dir.File("bad.json"), "{\n  \"a\": [1,\n}");

        var ex = NodeRunner.Failure("JSONReaderNode", new() { ["file_path"] = _dir.File("bad.json") }, Permissions);

        Assert.Equal(ErrorCodes.InvalidFileContent, ex.Code);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_WriteAppendRead()
    {
        var first = NodeRunner.Outputs("TextWriterNode", new() { ["file_path"] = _dir.File("log.txt"), ["text"] = "one\n" }, Permissions);
        NodeRunner.Outputs("TextWriterNode", new() { ["file_path"] = _dir.File("log.txt"), ["text"] = "two\n", ["append"] = true }, Permissions);
        var read = NodeRunner.Outputs("TextReaderNode", new() { ["file_path"] = _dir.File("log.txt") }, Permissions);

        Assert.Equal("one\ntwo\n", read["text"]);
        Assert.Equal(4L, first["bytes_written"]);
        Assert.Equal(_dir.File("log.txt"), first["file_path"]);
    }

    [Fact]
    public void TextWriter_RelativePath_IsReportedAsGiven()
    {
        var name = $"kailash-test-{Guid.NewGuid():N}.txt";
        try
        {
            var outputs = NodeRunner.Outputs("TextWriterNode", new() { ["file_path"] = name, ["text"] = "x" }, WorkflowPermissions.Default);
            Assert.Equal(name, outputs["file_path"]);
            Assert.True(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), name)));
        }
        finally
        {
            File.Delete(Path.Combine(Directory.GetCurrentDirectory(), name));
        }
    }

    [Fact]
    public void TextWriter_ThroughASymlinkOutOfTheRoot_WritesNothing()
    {
        using var outside = new TempDirectory();
        Directory.CreateSymbolicLink(_dir.File("out"), outside.Path);

        var ex = NodeRunner.Failure("TextWriterNode", new() { ["file_path"] = _dir.File("placeholder.txt"), ["text"] = "pwned" }, Permissions, parameters: new Dictionary<string, object?> { ["file_path"] = Path.Combine(_dir.Path, "out", "x.txt") });

        Assert.Equal(ErrorCodes.SymlinkEscape, ex.Code);
        Assert.Empty(Directory.GetFiles(outside.Path));
    }

    [Fact]
    public void Directory_ListsMatchingFiles_WithStats()
    {
        File.WriteAllText(_dir.File("a.csv"), "1");
        File.WriteAllText(_dir.File("b.json"), "22");
        File.WriteAllText(_dir.File(".hidden.csv"), "333");
        Directory.CreateDirectory(_dir.File("sub"));
        File.WriteAllText(Path.Combine(_dir.Path, "sub", "c.csv"), "4444");

        var flat = NodeRunner.Outputs("DirectoryReaderNode", new() { ["directory_path"] = _dir.Path, ["file_patterns"] = new List<object?> { "*.csv" } }, Permissions);
        var deep = NodeRunner.Outputs("DirectoryReaderNode", new() { ["directory_path"] = _dir.Path, ["recursive"] = true }, Permissions);

        var files = Assert.IsType<List<object?>>(flat["discovered_files"]);
        Assert.Equal("a.csv", ((Dictionary<string, object?>)Assert.Single(files)!)["file_name"]);
        var stats = (Dictionary<string, object?>)deep["directory_stats"]!;
        Assert.Equal(3L, stats["total_files"]);
        Assert.Equal(7L, stats["total_size"]);
        Assert.Equal(2L, ((Dictionary<string, object?>)stats["file_types"]!)["csv"]);
        Assert.Equal(2, ((List<object?>)((Dictionary<string, object?>)deep["files_by_type"]!)["csv"]!).Count);
    }

    [Fact]
    public void Directory_Missing_IsACodedError()
        => Assert.Equal(ErrorCodes.FileAccessFailed, NodeRunner.Failure("DirectoryReaderNode", new() { ["directory_path"] = _dir.File("nope") }, Permissions).Code);
}
