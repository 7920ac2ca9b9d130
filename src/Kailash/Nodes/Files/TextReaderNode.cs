namespace Kailash.Nodes.Files;

/// <summary>Reads a whole text file (Kailash <c>TextReaderNode</c>): <c>file_path</c>, <c>encoding</c> → <c>text</c>.</summary>
public sealed class TextReaderNode : Node
{
    private static readonly IReadOnlyList<NodeParameter> Parameters = [FileNodeSupport.FilePath("The file to read."), FileNodeSupport.Encoding()];
    private static readonly IReadOnlyList<string> Outputs = ["text"];

    /// <inheritdoc />
    public override IReadOnlyList<NodeParameter> GetParameters() => Parameters;

    /// <inheritdoc />
    public override IReadOnlyList<string> GetOutputs() => Outputs;

    /// <inheritdoc />
    public override Type? GetOutputType(string port) => port == "text" ? typeof(string) : null;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var path = inputs.Get<string>(FileNodeSupport.FilePathKey);
        var full = FileNodeSupport.Resolve(context, path);
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
