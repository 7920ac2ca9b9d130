using System.Collections;
using Kailash.Security;
using Kailash.Tests.Security;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes.Files;

public sealed class CsvNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private WorkflowPermissions Permissions => new() { FileRoots = [_dir.Path] };

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reader_GivesRowsOfStrings_HandlingQuotes(bool async)
    {
        File.WriteAllText(_dir.File("orders.csv"), "id,customer,amount\n1,\"ACME, Inc.\",120.5\n2,\"Multi\nline\",7\n");

        var outputs = NodeRunner.Outputs("CSVReaderNode", new() { ["file_path"] = _dir.File("orders.csv") }, Permissions, async);

        var rows = Assert.IsType<List<object?>>(outputs["data"]);
        Assert.Equal(2, rows.Count);
        var first = Assert.IsType<Dictionary<string, object?>>(rows[0]);
        Assert.Equal("ACME, Inc.", first["customer"]);
        Assert.Equal("120.5", first["amount"]);
        Assert.Equal("Multi\nline", ((Dictionary<string, object?>)rows[1]!)["customer"]);
        Assert.False(outputs.ContainsKey("data_indexed"));
    }

    [Fact]
    public void Reader_TypesCells_WhenTheConfigAsks()
    {
        File.WriteAllText(_dir.File("t.csv"), "id,amount,ok,code\n1,2.5,true,007\n");

        var inferred = (Dictionary<string, object?>)((List<object?>)NodeRunner.Outputs("CSVReaderNode", new() { ["file_path"] = _dir.File("t.csv"), ["infer_types"] = true }, Permissions)["data"]!)[0]!;
        var typed = (Dictionary<string, object?>)((List<object?>)NodeRunner.Outputs("CSVReaderNode", new() { ["file_path"] = _dir.File("t.csv"), ["column_types"] = new Dictionary<string, object?> { ["amount"] = "float", ["code"] = "string" } }, Permissions)["data"]!)[0]!;

        Assert.Equal(1L, inferred["id"]);
        Assert.Equal(2.5, inferred["amount"]);
        Assert.Equal(true, inferred["ok"]);
        Assert.Equal(7L, inferred["code"]);
        Assert.Equal(2.5, typed["amount"]);
        Assert.Equal("007", typed["code"]);
        Assert.Equal("1", typed["id"]);
    }

    [Fact]
    public void Reader_IndexColumn_AddsDataIndexed()
    {
        File.WriteAllText(_dir.File("u.csv"), "sku,name\nA1,apple\nB2,banana\n");

        var outputs = NodeRunner.Outputs("CSVReaderNode", new() { ["file_path"] = _dir.File("u.csv"), ["index_column"] = "sku" }, Permissions);

        var indexed = Assert.IsType<Dictionary<string, object?>>(outputs["data_indexed"]);
        Assert.Equal("banana", ((Dictionary<string, object?>)indexed["B2"]!)["name"]);
    }

    [Fact]
    public void Reader_WithoutHeaders_GivesLists()
    {
        File.WriteAllText(_dir.File("n.csv"), "1;2\n3;4\n");

        var rows = (List<object?>)NodeRunner.Outputs("CSVReaderNode", new() { ["file_path"] = _dir.File("n.csv"), ["headers"] = false, ["delimiter"] = ";" }, Permissions)["data"]!;

        Assert.Equal(["3", "4"], (List<object?>)rows[1]!);
    }

    [Fact]
    public void Reader_RaggedRow_IsACodedErrorWithTheLine()
    {
        File.WriteAllText(_dir.File("bad.csv"), "a,b\n1,2\n3\n");

        var ex = NodeRunner.Failure("CSVReaderNode", new() { ["file_path"] = _dir.File("bad.csv") }, Permissions);

        Assert.Equal(ErrorCodes.InvalidFileContent, ex.Code);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_MissingFile_IsACodedError()
        => Assert.Equal(ErrorCodes.FileAccessFailed, NodeRunner.Failure("CSVReaderNode", new() { ["file_path"] = _dir.File("none.csv") }, Permissions).Code);

    [Fact]
    public void Reader_PathOutsideTheRoots_IsRefusedAtBuild_AndAtRunTimeWhenItArrivesAsAParameter()
    {
        var build = Assert.Throws<WorkflowValidationException>(() => NodeRunner.Run("CSVReaderNode", new() { ["file_path"] = Path.Combine(_dir.Path, "..", "x.csv") }, Permissions));
        Assert.Contains(build.Errors, e => e.Code == ErrorCodes.PathTraversal && e.NodeId == "node");

        var run = NodeRunner.Failure("CSVReaderNode", new() { ["file_path"] = _dir.File("ok.csv") }, Permissions, parameters: new Dictionary<string, object?> { ["file_path"] = "/etc/passwd" });
        Assert.Equal(ErrorCodes.PathNotAllowed, run.Code);
    }

    [Fact]
    public void StreamingReader_FeedsTheWriterWithoutAList()
    {
        File.WriteAllText(_dir.File("big.csv"), "n,sq\n" + string.Concat(Enumerable.Range(1, 500).Select(i => $"{i},{i * i}\n")));
        var registry = Kailash.Nodes.NodeRegistry.CreateDefault();
        registry.Permissions = Permissions;
        var workflow = new WorkflowBuilder("copy", registry)
            .AddNode("CSVReaderNode", "read", new() { ["file_path"] = _dir.File("big.csv"), ["streaming"] = true })
            .AddNode("CSVWriterNode", "write", new() { ["file_path"] = _dir.File("copy.csv") })
            .AddConnection("read", "data", "write", "data")
            .Build();

        using var runtime = new Kailash.Runtime.LocalRuntime();
        var result = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.IsNotType<List<object?>>(result["read"]["data"]);
        Assert.IsAssignableFrom<IEnumerable>(result["read"]["data"]);
        Assert.Equal(500L, result["write"]["rows_written"]);
        Assert.Equal(File.ReadAllText(_dir.File("big.csv")).ReplaceLineEndings("\n"), File.ReadAllText(_dir.File("copy.csv")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Writer_WritesMapsAndLists_AndReportsThePathAsGiven()
    {
        var maps = NodeRunner.Outputs("CSVWriterNode", new()
        {
            ["file_path"] = _dir.File("out/maps.csv"),
            ["data"] = new List<object?> { new Dictionary<string, object?> { ["id"] = 1L, ["name"] = "a,b" }, new Dictionary<string, object?> { ["id"] = 2L, ["name"] = "c" } },
        }, Permissions);
        var lists = NodeRunner.Outputs("CSVWriterNode", new()
        {
            ["file_path"] = _dir.File("lists.csv"),
            ["headers"] = new List<object?> { "x", "y" },
            ["data"] = new List<object?> { new List<object?> { 1.5, true } },
        }, Permissions);

        Assert.Equal(2L, maps["rows_written"]);
        Assert.Equal(_dir.File("out/maps.csv"), maps["file_path"]);
        Assert.Equal("id,name\n1,\"a,b\"\n2,c\n", File.ReadAllText(_dir.File("out/maps.csv")).ReplaceLineEndings("\n"));
        Assert.Equal("x,y\n1.5,true\n", File.ReadAllText(_dir.File("lists.csv")).ReplaceLineEndings("\n"));
        Assert.Equal(1L, lists["rows_written"]);
    }

    [Fact]
    public void Writer_RefusesDataThatIsNotRows()
        => Assert.Equal(ErrorCodes.ConnectionContractViolation, NodeRunner.Failure("CSVWriterNode", new() { ["file_path"] = _dir.File("x.csv"), ["data"] = "text" }, Permissions).Code);
}
