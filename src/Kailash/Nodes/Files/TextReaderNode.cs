namespace Kailash.Nodes.Files;

/// <summary>Reads a whole text file (Kailash <c>TextReaderNode</c>): <c>file_path</c>, <c>encoding</c> → <c>text</c>.</summary>
public sealed class TextReaderNode : DeclaredNode
{
    private static readonly IReadOnlyList<NodeParameter> Parameters = [FileNodeSupport.FilePath("The file to read."), FileNodeSupport.Encoding()];
    private static readonly IReadOnlyList<string> Outputs = ["text"];

    /// <summary>Initializes a new instance of the <see cref="TextReaderNode"/> class.</summary>
    public TextReaderNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override Type? GetOutputType(string port) => port == "text" ? typeof(string) : null;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        var (path, full) = FileNodeSupport.Target(inputs, context);
        var encoding = FileNodeSupport.GetEncoding(context, inputs.GetOrDefault<string?>("encoding", null));
        try
        {
            return new Dictionary<string, object?>(1) { ["text"] = File.ReadAllText(full, encoding) };
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
