using System.Text.Json;

namespace Kailash.Nodes.Files;

/// <summary>Reads a JSON file (Kailash <c>JSONReaderNode</c>): <c>file_path</c> → <c>data</c> (maps, lists, strings, numbers, booleans, null).</summary>
public sealed class JSONReaderNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters = [FileNodeSupport.FilePath("The JSON file to read.")];
    private static readonly IReadOnlyList<string> Outputs = ["data"];

    /// <summary>Initializes a new instance of the <see cref="JSONReaderNode"/> class.</summary>
    public JSONReaderNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
            return new Dictionary<string, object?>(1) { ["data"] = Internal.ValueConverter.FromJson(document.RootElement) };
        }
        catch (JsonException ex)
        {
            throw new KailashException(ErrorCodes.InvalidFileContent, $"Node '{context.NodeId}': '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}", context.NodeId, FileNodeSupport.FilePathKey, ex);
        }
        catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
        {
            throw FileNodeSupport.AccessFailed(context, path, "read", ex);
        }
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => FileNodeSupport.CheckConfigPath(BuildPermissions, config, FileNodeSupport.FilePathKey);
}
