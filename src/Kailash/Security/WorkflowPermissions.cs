namespace Kailash.Security;

/// <summary>
/// What a workflow may touch: the directories file nodes may read and write, the hosts HTTP nodes may call, and whether
/// code nodes may run. A workflow file is untrusted input, so the defaults are narrow: files only under the working
/// directory, any HTTP host, no code.
/// </summary>
/// <remarks>
/// <para>
/// Immutable: every list is copied when set, so an instance can be shared by a registry, a runtime and many runs.
/// Nodes see it twice: when the workflow is built (<c>Node.BuildPermissions</c>, taken from the
/// <c>NodeRegistry.Permissions</c> of the builder or loader — configuration checks, for example a literal path in the
/// config) and when they run (<c>NodeContext.Permissions</c>: <c>RuntimeOptions.Permissions</c> when set, otherwise the
/// permissions the workflow was built with — paths and URLs that arrive as parameters or from other nodes).
/// </para>
/// <para>The <c>kailash</c> command fills it from <c>kailash.json</c> (<c>permissions</c>) and <c>--allow-path</c>/<c>--allow-host</c>/<c>--allow-code</c>.</para>
/// </remarks>
public sealed class WorkflowPermissions
{
    /// <summary>Gets the default permissions: files under the working directory, any HTTP host, no code.</summary>
    public static WorkflowPermissions Default { get; } = new();

    /// <summary>
    /// Gets the directories under which file nodes may read and write. Relative roots are taken from the working directory.
    /// Empty means the working directory (as it is when a path is checked).
    /// </summary>
    /// <value>The default value is empty (the working directory).</value>
    public IReadOnlyList<string> FileRoots { get; init => field = [.. value ?? []]; } = [];

    /// <summary>
    /// Gets the hosts HTTP nodes may call: <c>example.com</c> (any port), <c>example.com:8443</c> (that port),
    /// <c>*.example.com</c> (every subdomain, not the domain itself). <see langword="null"/> allows every host.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (every host).</value>
    public IReadOnlyList<string>? AllowedHosts { get; init => field = value is null ? null : [.. value]; }

    /// <summary>
    /// Gets a value indicating whether code nodes (<c>CSharpCodeNode</c>, <c>PythonCodeNode</c>) may be built and run.
    /// A workflow that needs them while this is <see langword="false"/> is invalid before anything runs.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowCode { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <returns>The problems found; empty when the permissions are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var root in FileRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || root.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"FileRoots holds an empty or invalid entry ('{root}'); every root must name a directory.");
            }
        }

        foreach (var host in AllowedHosts ?? [])
        {
            if (!HostGuard.IsValidPattern(host))
            {
                errors.Add($"AllowedHosts entry '{host}' is not a host name, 'host:port' or '*.domain'.");
            }
        }

        return errors;
    }

    /// <summary>
    /// Checks a file path a workflow wants to use and returns its full path. Relative paths are taken from the working directory.
    /// </summary>
    /// <param name="path">The path as the workflow gives it.</param>
    /// <param name="nodeId">The node asking, named in the error.</param>
    /// <param name="port">The input or config key holding the path, named in the error.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="KailashException">
    /// The path climbs with <c>..</c> (<c>KWF101</c>), lies outside every root (<c>KWF100</c>) or leaves every root through a
    /// symbolic link (<c>KWF102</c>).
    /// </exception>
    public string ResolvePath(string path, string? nodeId = null, string? port = null) => PathGuard.Resolve(this, path, nodeId, port);

    /// <summary>Checks a URL a workflow wants to call.</summary>
    /// <param name="url">The URL as the workflow gives it.</param>
    /// <param name="nodeId">The node asking, named in the error.</param>
    /// <param name="port">The input or config key holding the URL, named in the error.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="KailashException">The URL is not an absolute http(s) URL (<c>KWF104</c>) or its host is not allowed (<c>KWF103</c>).</exception>
    public Uri CheckUrl(string url, string? nodeId = null, string? port = null) => HostGuard.Check(this, url, nodeId, port);
}
