using System.Text;
using Kailash.Security;

namespace Kailash.Nodes.Files;

/// <summary>What every file node shares: path checks at build and run time, encodings, and coded I/O errors.</summary>
internal static class FileNodeSupport
{
    public const string FilePathKey = "file_path";

    public static NodeParameter FilePath(string description) => new(FilePathKey, typeof(string)) { Required = true, Description = description };

    public static NodeParameter Encoding() => new("encoding", typeof(string)) { Default = "utf-8", HasDefault = true, Description = "The text encoding (utf-8, utf-16, latin1, ascii…)." };

    /// <summary>Checks a literal path in the config when the workflow is built, so a hostile file is refused before anything runs.</summary>
    public static void CheckConfigPath(WorkflowPermissions permissions, IReadOnlyDictionary<string, object?> config, string key)
    {
        if (config.TryGetValue(key, out var value) && value is string path && !path.Contains("${", StringComparison.Ordinal))
        {
            try
            {
                permissions.ResolvePath(path, null, key);
            }
            catch (KailashException ex)
            {
                throw ConfigError(ex, key);
            }
        }
    }

    /// <summary>A build-time error from a coded check (the builder adds the code and node id itself).</summary>
    public static NodeConfigurationException ConfigError(KailashException ex, string key)
        => new(ex.Code, ex.Message.StartsWith(ex.Code + ": ", StringComparison.Ordinal) ? ex.Message[(ex.Code.Length + 2)..] : ex.Message, key);

    /// <summary>Checks a path at run time (it may have come from a parameter or another node) and returns its full form.</summary>
    public static string Resolve(NodeContext context, string path, string port = FilePathKey)
        => context.Permissions.ResolvePath(path, context.NodeId, port);

    /// <summary>The checked <c>file_path</c> of a run: as given (for outputs and messages) and in full (for I/O).</summary>
    public static (string Path, string FullPath) Target(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var path = inputs.Get<string>(FilePathKey);
        return (path, Resolve(context, path));
    }

    public static Encoding GetEncoding(NodeContext context, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        try
        {
            return name.Equals("latin1", StringComparison.OrdinalIgnoreCase) || name.Equals("latin-1", StringComparison.OrdinalIgnoreCase)
                ? System.Text.Encoding.Latin1
                : System.Text.Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            throw new KailashException(ErrorCodes.InvalidNodeConfig, $"Node '{context.NodeId}': '{name}' is not a known encoding. Please use utf-8, utf-16, latin1 or ascii.", context.NodeId, "encoding");
        }
    }

    public static KailashException AccessFailed(NodeContext context, string path, string verb, Exception ex)
        => new(ErrorCodes.FileAccessFailed, $"Node '{context.NodeId}': could not {verb} '{path}': {Reason(ex)}", context.NodeId, FilePathKey, ex);

    public static bool IsIoFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or System.Security.SecurityException;

    /// <summary>Creates the parent directory of a file about to be written (inside the allowed root: the path was checked).</summary>
    public static void EnsureParent(string fullPath)
    {
        if (Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException => "the file does not exist. Please check the path (relative paths start at the working directory).",
        DirectoryNotFoundException => "the directory does not exist. Please check the path (relative paths start at the working directory).",
        UnauthorizedAccessException => "access is denied. Please check the file's permissions.",
        _ => ex.Message,
    };
}
