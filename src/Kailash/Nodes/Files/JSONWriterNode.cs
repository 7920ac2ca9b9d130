using System.Text.Json;
using Kailash.Internal;

namespace Kailash.Nodes.Files;

/// <summary>
/// Writes a value as JSON (Kailash <c>JSONWriterNode</c>): <c>file_path</c>, <c>data</c>, <c>indent</c> → <c>file_path</c> (as given).
/// Missing parent directories are created.
/// </summary>
public sealed class JSONWriterNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        FileNodeSupport.FilePath("The JSON file to write (replaced)."),
        new("data", typeof(object)) { Required = true, Description = "The value to write." },
        new("indent", typeof(long)) { Default = 2L, HasDefault = true, Description = "Spaces per indentation level; 0 writes one line." },
    ];

    private static readonly IReadOnlyList<string> Outputs = [FileNodeSupport.FilePathKey];

    /// <summary>Initializes a new instance of the <see cref="JSONWriterNode"/> class.</summary>
    public JSONWriterNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        var indent = inputs.GetOrDefault("indent", 2L);
        if (indent is < 0 or > 127)
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': 'indent' must be between 0 and 127 (was {indent}).", context.NodeId, "indent");
        }

        try
        {
            FileNodeSupport.EnsureParent(full);
            using var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indent > 0, IndentSize = indent > 0 ? (int)indent : 2, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            JsonValues.Write(writer, inputs["data"], context);
        }
        catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
        {
            throw FileNodeSupport.AccessFailed(context, path, "write", ex);
        }

        return new Dictionary<string, object?>(1) { [FileNodeSupport.FilePathKey] = path };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => FileNodeSupport.CheckConfigPath(BuildPermissions, config, FileNodeSupport.FilePathKey);
}
