namespace Kailash.Nodes.Files;

/// <summary>
/// Writes text to a file (Kailash <c>TextWriterNode</c>): <c>file_path</c>, <c>text</c>, <c>encoding</c>, <c>append</c> →
/// <c>file_path</c> (as given), <c>bytes_written</c>. Missing parent directories are created.
/// </summary>
public sealed class TextWriterNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        FileNodeSupport.FilePath("The file to write."),
        new("text", typeof(string)) { Required = true, Description = "The text to write." },
        FileNodeSupport.Encoding(),
        new("append", typeof(bool)) { Default = false, HasDefault = true, Description = "Append to the file instead of replacing it." },
    ];

    private static readonly IReadOnlyList<string> Outputs = [FileNodeSupport.FilePathKey, "bytes_written"];

    /// <summary>Initializes a new instance of the <see cref="TextWriterNode"/> class.</summary>
    public TextWriterNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        var text = inputs.GetOrDefault("text", string.Empty);
        var encoding = FileNodeSupport.GetEncoding(context, inputs.GetOrDefault<string?>("encoding", null));
        try
        {
            FileNodeSupport.EnsureParent(full);
            if (inputs.GetOrDefault("append", false))
            {
                File.AppendAllText(full, text, encoding);
            }
            else
            {
                File.WriteAllText(full, text, encoding);
            }
        }
        catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
        {
            throw FileNodeSupport.AccessFailed(context, path, "write", ex);
        }

        return new Dictionary<string, object?>(2) { [FileNodeSupport.FilePathKey] = path, ["bytes_written"] = (long)encoding.GetByteCount(text) };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => FileNodeSupport.CheckConfigPath(BuildPermissions, config, FileNodeSupport.FilePathKey);
}
