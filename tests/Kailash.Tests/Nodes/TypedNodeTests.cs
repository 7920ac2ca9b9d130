using System.ComponentModel;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Nodes;

public sealed class TypedNodeTests
{
    [Fact]
    public void Metadata_ComesFromTheRecords_InSnakeCase()
    {
        var node = new ReadFileNode();

        var parameters = node.GetParameters();
        Assert.Equal(["file_path", "encoding", "max_lines", "label"], parameters.Select(p => p.Name));
        var path = parameters[0];
        Assert.Equal(typeof(string), path.Type);
        Assert.True(path.Required);
        Assert.Equal("The file to read.", path.Description);
        var encoding = parameters[1];
        Assert.False(encoding.Required);
        Assert.True(encoding.HasDefault);
        Assert.Equal("utf-8", encoding.Default);
        var maxLines = parameters[2];
        Assert.True(maxLines.Required);
        Assert.Equal(typeof(int), maxLines.Type);
        var label = parameters[3];
        Assert.False(label.Required);
        Assert.True(label.HasDefault);
        Assert.Equal("file", label.Default);

        Assert.Equal(["line_count", "first_line"], node.GetOutputs());
        Assert.Equal(typeof(long), node.GetOutputType("line_count"));
        Assert.Null(node.GetOutputType("nope"));
        Assert.False(node.AcceptsUndeclaredInputs);
        Assert.False(node.IsRouting);
    }

    [Fact]
    public void Metadata_IsReadOncePerType()
    {
        Assert.Same(new ReadFileNode().GetParameters(), new ReadFileNode().GetParameters());
        Assert.Same(new ReadFileNode().GetOutputs(), new ReadFileNode().GetOutputs());
    }

    [Fact]
    public void PortAttribute_RenamesAndMarksSecrets()
    {
        var parameters = new LoginNode().GetParameters();

        Assert.Equal(["user", "api_key"], parameters.Select(p => p.Name));
        Assert.Equal("user_name", parameters[0].WorkflowAlias);
        Assert.True(parameters[1].IsSecret);
        Assert.Equal(["ok"], new LoginNode().GetOutputs());
    }

    [Fact]
    public void Run_ReadsInputs_AppliesDefaults_AndExposesTheOutputRecord()
    {
        var node = new ReadFileNode();
        var outputs = node.Run(NodeInputs.Create(new Dictionary<string, object?> { ["file_path"] = "a.txt", ["max_lines"] = 3L }), Context());

        Assert.Equal(2, outputs.Count);
        Assert.Equal(3L, outputs["line_count"]);
        Assert.Equal("a.txt:utf-8:file", outputs["first_line"]);
        Assert.True(outputs.TryGetValue("first_line", out _));
        Assert.False(outputs.ContainsKey("missing"));
        Assert.Equal(["line_count", "first_line"], outputs.Keys);
        Assert.Equal([3L, "a.txt:utf-8:file"], outputs.Values);
    }

    [Fact]
    public void Run_ReportsAnInputThatCannotConvert_WithItsPortName()
    {
        var error = Assert.Throws<KailashException>(() => new ReadFileNode().Run(
            NodeInputs.Create(new Dictionary<string, object?> { ["file_path"] = "a.txt", ["max_lines"] = "many" }),
            Context()));

        Assert.Equal(ErrorCodes.CoercionFailed, error.Code);
        Assert.Contains("max_lines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RejectsANullOutputRecord_WithANodeError()
    {
        var error = Assert.Throws<KailashException>(() => new NullOutputNode().Run(NodeInputs.Create(new Dictionary<string, object?>()), Context("n")));

        Assert.Equal(ErrorCodes.NodeFailed, error.Code);
        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordsThatCannotDescribePorts_FailWhenTheNodeIsCreated()
    {
        var clash = Assert.Throws<KailashException>(() => new ClashNode());
        Assert.Equal(ErrorCodes.InvalidPortRecord, clash.Code);
        Assert.Contains("'FilePath'", clash.Message, StringComparison.Ordinal);

        var noCtor = Assert.Throws<KailashException>(() => new NoConstructorNode());
        Assert.Equal(ErrorCodes.InvalidPortRecord, noCtor.Code);
    }

    [Fact]
    public void StructRecords_WorkAsPorts()
    {
        var outputs = new StructNode().Run(NodeInputs.Create(new Dictionary<string, object?> { ["x"] = 4L }), Context());

        Assert.Equal(8L, outputs["doubled"]);
    }

    [Fact]
    public void DeclaredTypes_FeedTheBuildTimeTypeCheck()
    {
        var error = Assert.Throws<WorkflowValidationException>(() => new WorkflowBuilder("typed")
            .AddNode("read", new ReadFileNode(), new() { ["file_path"] = "a", ["max_lines"] = 1 })
            .AddNode("login", new LoginNode(), new() { ["api_key"] = "k" })
            .AddConnection("read", "line_count", "login", "api_key")
            .Build());

        Assert.Contains(error.Errors, e => e.Code == ErrorCodes.TypeMismatch);
    }

    [Fact]
    public async Task TypedNodes_RunInWorkflows_OnBothRuntimes()
    {
        var workflow = new WorkflowBuilder("typed-chain")
            .AddNode("a", new AddNode(), new() { ["value"] = 1L })
            .AddNode("b", new AsyncAddNode(), new() { ["step"] = 10 })
            .AddNode("c", new AddNode())
            .AddConnection("a", "result", "b", "value")
            .AddConnection("b", "result", "c", "value")
            .Build();

        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime();
        var first = sync.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var second = await parallel.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(13L, first["c"]["result"]);
        Assert.Equal(13L, second["c"]["result"]);
        Assert.Equal(12L, second["b"]["result"]);
    }

    [Fact]
    public void MissingRequiredInput_IsReportedByTheRuntime()
    {
        var workflow = new WorkflowBuilder("typed-missing").AddNode("a", new AddNode()).Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });

        var result = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.MissingRequiredInput, result["a"].ErrorCode);
    }

    [Fact]
    public void Registry_DescribesTypedNodes_FromTheRecords()
    {
        var registry = NodeRegistry.CreateDefault().Register<ReadFileNode>("ReadFile");

        var info = registry.Describe("ReadFile");

        Assert.Equal(["file_path", "encoding", "max_lines", "label"], info.Parameters.Select(p => p.Name));
        Assert.Equal(["line_count", "first_line"], info.Outputs);
    }

    private static NodeContext Context(string nodeId = "node") => NodeContext.Create(nodeId, cancellationToken: TestContext.Current.CancellationToken);

    private sealed record ReadFileInput([Description("The file to read.")] string FilePath, string Encoding = "utf-8")
    {
        public required int MaxLines { get; init; }

        public string Label { get; init; } = "file";
    }

    private sealed record ReadFileOutput(long LineCount, string FirstLine);

    private sealed class ReadFileNode : Node<ReadFileInput, ReadFileOutput>
    {
        public override ReadFileOutput Run(ReadFileInput input, NodeContext context)
            => new(input.MaxLines, $"{input.FilePath}:{input.Encoding}:{input.Label}");
    }

    private sealed record LoginInput([property: Port(Name = "user", WorkflowAlias = "user_name")] string UserName, [property: Port(IsSecret = true)] string ApiKey = "");

    private sealed record LoginOutput(bool Ok);

    private sealed class LoginNode : Node<LoginInput, LoginOutput>
    {
        public override LoginOutput Run(LoginInput input, NodeContext context) => new(input.ApiKey.Length > 0);
    }

    private sealed record Empty;

    private sealed class NullOutputNode : Node<Empty, LoginOutput>
    {
        public override LoginOutput Run(Empty input, NodeContext context) => null!;
    }

    private sealed record ClashInput(string FilePath, [property: Port(Name = "file_path")] string Other);

    private sealed class ClashNode : Node<ClashInput, LoginOutput>
    {
        public override LoginOutput Run(ClashInput input, NodeContext context) => new(true);
    }

    private sealed class NoCtorInput
    {
        public NoCtorInput(string unrelated) => Unrelated = unrelated.Length;

        public int Unrelated { get; }
    }

    private sealed class NoConstructorNode : Node<NoCtorInput, LoginOutput>
    {
        public override LoginOutput Run(NoCtorInput input, NodeContext context) => new(true);
    }

    private readonly record struct StructInput(long X);

    private readonly record struct StructOutput(long Doubled);

    private sealed class StructNode : Node<StructInput, StructOutput>
    {
        public override StructOutput Run(StructInput input, NodeContext context) => new(input.X * 2);
    }

    internal sealed record AddInput(long Value, long Step = 1);

    internal sealed record AddOutput(long Result);

    private sealed class AddNode : Node<AddInput, AddOutput>
    {
        public override AddOutput Run(AddInput input, NodeContext context) => new(input.Value + input.Step);
    }

    private sealed class AsyncAddNode : AsyncNode<AddInput, AddOutput>
    {
        public override async ValueTask<AddOutput> RunAsync(AddInput input, NodeContext context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return new(input.Value + input.Step);
        }
    }
}
