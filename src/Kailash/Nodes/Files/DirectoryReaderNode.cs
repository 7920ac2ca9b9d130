using System.Globalization;
using System.IO.Enumeration;

namespace Kailash.Nodes.Files;

/// <summary>
/// Catalogues a directory (Kailash <c>DirectoryReaderNode</c>): <c>directory_path</c>, <c>recursive</c>, <c>file_patterns</c>,
/// <c>include_hidden</c> → <c>discovered_files</c> (path, name, extension, size, modified time, type),
/// <c>files_by_type</c> and <c>directory_stats</c>. Symbolic links are not followed out of the allowed roots: every listed
/// file is checked like any other path.
/// </summary>
public sealed class DirectoryReaderNode : DeclaredNode
{
    private const string DirectoryKey = "directory_path";

    private static readonly IReadOnlyList<NodeParameter> Parameters =
    [
        new(DirectoryKey, typeof(string)) { Required = true, Description = "The directory to list." },
        new("recursive", typeof(bool)) { Default = false, HasDefault = true, Description = "Include subdirectories." },
        new("file_patterns", typeof(IReadOnlyList<object?>)) { Default = null, HasDefault = true, Description = "Name patterns to keep (*.csv, data_??.json); all files when empty." },
        new("include_hidden", typeof(bool)) { Default = false, HasDefault = true, Description = "Include files and directories whose names start with '.'." },
    ];

    private static readonly IReadOnlyList<string> Outputs = ["discovered_files", "files_by_type", "directory_stats"];

    /// <summary>Initializes a new instance of the <see cref="DirectoryReaderNode"/> class.</summary>
    public DirectoryReaderNode()
        : base(Parameters, Outputs)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(context);
        var path = inputs.Get<string>(DirectoryKey);
        var full = FileNodeSupport.Resolve(context, path, DirectoryKey);
        var recursive = inputs.GetOrDefault("recursive", false);
        var hidden = inputs.GetOrDefault("include_hidden", false);
        var patterns = inputs.GetOrDefault<IReadOnlyList<object?>?>("file_patterns", null)?.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture) ?? string.Empty).Where(p => p.Length > 0).ToArray() ?? [];
        if (!Directory.Exists(full))
        {
            throw FileNodeSupport.AccessFailed(context, path, "list", new DirectoryNotFoundException());
        }

        var files = new List<object?>();
        var byType = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        long totalSize = 0;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = recursive, AttributesToSkip = hidden ? 0 : FileAttributes.Hidden, IgnoreInaccessible = true, ReturnSpecialDirectories = false };
            foreach (var file in new DirectoryInfo(full).EnumerateFiles("*", options).OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if ((!hidden && IsHidden(full, file.FullName)) || (patterns.Length > 0 && !patterns.Any(p => FileSystemName.MatchesSimpleExpression(p, file.Name, ignoreCase: true))))
                {
                    continue;
                }

                // A link inside the directory may point anywhere: list only what the workflow could read.
                context.Permissions.ResolvePath(file.FullName, context.NodeId, DirectoryKey);
                var type = file.Extension.Length > 1 ? file.Extension[1..].ToLowerInvariant() : "unknown";
                var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["file_path"] = file.FullName,
                    ["file_name"] = file.Name,
                    ["file_extension"] = file.Extension,
                    ["file_size"] = file.Length,
                    ["modified_time"] = file.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture),
                    ["file_type"] = type,
                    ["relative_path"] = Path.GetRelativePath(full, file.FullName),
                };
                files.Add(entry);
                totalSize += file.Length;
                if (!byType.TryGetValue(type, out var group))
                {
                    byType[type] = group = new List<object?>();
                }

                ((List<object?>)group!).Add(entry);
            }
        }
        catch (Exception ex) when (FileNodeSupport.IsIoFailure(ex))
        {
            throw FileNodeSupport.AccessFailed(context, path, "list", ex);
        }

        var stats = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["total_files"] = (long)files.Count,
            ["total_size"] = totalSize,
            ["file_types"] = byType.ToDictionary(p => p.Key, p => (object?)(long)((List<object?>)p.Value!).Count, StringComparer.Ordinal),
            ["directory_path"] = path,
        };
        return new Dictionary<string, object?>(3) { ["discovered_files"] = files, ["files_by_type"] = new Dictionary<string, object?>(byType, StringComparer.Ordinal), ["directory_stats"] = stats };
    }

    /// <inheritdoc />
    protected internal override void Configure(IReadOnlyDictionary<string, object?> config)
        => FileNodeSupport.CheckConfigPath(BuildPermissions, config, DirectoryKey);

    private static bool IsHidden(string root, string file)
        => Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));
}
