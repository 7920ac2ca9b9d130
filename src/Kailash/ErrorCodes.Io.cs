namespace Kailash;

/// <content>Codes of the I/O catalogue and the workflow permissions (range KWF100–KWF119).</content>
public static partial class ErrorCodes
{
    /// <summary>A file path lies outside every allowed root (<c>WorkflowPermissions.FileRoots</c>, <c>--allow-path</c>).</summary>
    public const string PathNotAllowed = "KWF100";

    /// <summary>A file path contains a <c>..</c> segment; paths in workflows may not climb out of a directory.</summary>
    public const string PathTraversal = "KWF101";

    /// <summary>A file path lies under an allowed root but a symbolic link takes it outside every root.</summary>
    public const string SymlinkEscape = "KWF102";

    /// <summary>A URL names a host that is not in <c>WorkflowPermissions.AllowedHosts</c>.</summary>
    public const string HostNotAllowed = "KWF103";

    /// <summary>A URL is not an absolute <c>http</c> or <c>https</c> URL.</summary>
    public const string InvalidUrl = "KWF104";

    /// <summary>A file or directory a node reads does not exist or cannot be read or written.</summary>
    public const string FileAccessFailed = "KWF105";

    /// <summary>A file's content is not valid for the node that reads it (malformed CSV or JSON, a value that does not convert).</summary>
    public const string InvalidFileContent = "KWF106";

    /// <summary>An HTTP request could not be sent or its response could not be read (connection refused, timeout, invalid body).</summary>
    public const string HttpRequestFailed = "KWF107";

    /// <summary>A database connection string or URL is invalid or names an unsupported database.</summary>
    public const string InvalidConnectionString = "KWF108";

    /// <summary>A SQL statement failed, or its parameters do not match its placeholders.</summary>
    public const string SqlFailed = "KWF109";

    /// <summary>An AI node found no chat client or embedding generator to use.</summary>
    public const string AiProviderMissing = "KWF110";

    /// <summary>The AI provider failed to answer.</summary>
    public const string AiRequestFailed = "KWF111";

    /// <summary>A <c>kailash.json</c> configuration file is invalid.</summary>
    public const string InvalidCliConfig = "KWF112";

    /// <summary>A node plugin assembly (<c>--nodes</c>, <c>kailash.json</c> <c>plugins</c>) could not be loaded.</summary>
    public const string PluginLoadFailed = "KWF113";
}
