namespace Kailash.Security;

/// <summary>Confines file paths to the allowed roots: no <c>..</c>, nothing outside a root, no symbolic link out of one.</summary>
internal static class PathGuard
{
    private const int MaxLinkHops = 40;
    private static readonly char[] Separators = ['/', '\\'];

    private static StringComparison PathComparison
        => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static string Resolve(WorkflowPermissions permissions, string path, string? nodeId, string? port)
    {
        var where = Where(nodeId, port);
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new KailashException(ErrorCodes.PathNotAllowed, $"{where}The file path is empty or invalid. Please give a path under an allowed directory.", nodeId, port);
        }

        if (path.Split(Separators).Any(segment => segment == ".."))
        {
            throw new KailashException(ErrorCodes.PathTraversal, $"{where}The path '{path}' contains '..'. Workflow paths may not climb out of a directory; please give a path under {Describe(permissions)}.", nodeId, port);
        }

        var full = Path.GetFullPath(path);
        var roots = Roots(permissions);
        if (!roots.Any(root => IsUnder(full, root)))
        {
            throw new KailashException(ErrorCodes.PathNotAllowed, $"{where}The path '{path}' is outside the allowed directories ({Describe(permissions)}). Please use a path under one of them, or allow its directory (--allow-path, kailash.json permissions.paths, WorkflowPermissions.FileRoots).", nodeId, port);
        }

        var real = RealPath(full);
        if (!roots.Any(root => IsUnder(real, RealPath(root))))
        {
            throw new KailashException(ErrorCodes.SymlinkEscape, $"{where}The path '{path}' leads through a symbolic link to '{real}', outside the allowed directories ({Describe(permissions)}). Please use a path whose real location is allowed.", nodeId, port);
        }

        return full;
    }

    private static string Where(string? nodeId, string? port)
        => nodeId is null ? string.Empty : port is null ? $"Node '{nodeId}': " : $"Node '{nodeId}', '{port}': ";

    private static List<string> Roots(WorkflowPermissions permissions)
        => permissions.FileRoots.Count == 0
            ? [Path.GetFullPath(Directory.GetCurrentDirectory())]
            : [.. permissions.FileRoots.Select(Path.GetFullPath)];

    private static string Describe(WorkflowPermissions permissions)
        => permissions.FileRoots.Count == 0 ? $"the working directory '{Directory.GetCurrentDirectory()}'" : string.Join(", ", permissions.FileRoots.Select(r => $"'{r}'"));

    private static bool IsUnder(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        var trimmedPath = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(trimmedPath, trimmedRoot, PathComparison))
        {
            return true;
        }

        return trimmedPath.Length > trimmedRoot.Length
            && trimmedPath.StartsWith(trimmedRoot, PathComparison)
            && (trimmedPath[trimmedRoot.Length] == Path.DirectorySeparatorChar || trimmedPath[trimmedRoot.Length] == Path.AltDirectorySeparatorChar || trimmedRoot.Length == Path.GetPathRoot(trimmedRoot)?.Length);
    }

    /// <summary>The path with every symbolic link along it replaced by its final target (missing tail components kept as written).</summary>
    internal static string RealPath(string full)
    {
        var hops = 0;
        return RealPath(full, ref hops);
    }

    private static string RealPath(string full, ref int hops)
    {
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var part in full[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new KailashException(ErrorCodes.SymlinkEscape, $"The path '{full}' has too many levels of symbolic links.");
                }

                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null)
                {
                    next = RealPath(Path.GetFullPath(target.FullName), ref hops);
                }
            }

            current = next;
        }

        return current;
    }
}
