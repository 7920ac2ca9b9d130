namespace Kailash.Runtime.Engine.Persistence;

/// <summary>
/// A node error read back from a run state: the original exception object does not survive serialisation, so it is
/// replaced by one that keeps its code, message, node, port and type name (stack traces and inner exceptions are not kept).
/// </summary>
internal sealed class RestoredNodeException : KailashException
{
    public RestoredNodeException(string code, string message, string? nodeId, string? port, string originalTypeName)
        : base(code, message, nodeId, port, verbatim: true)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>Gets the full name of the original exception type (no assembly version).</summary>
    public string OriginalTypeName { get; }

    /// <summary>
    /// Gets the original exception type when an assembly already loaded in this process defines it (nothing is loaded
    /// by name), so retry rules classify a failure restored from elsewhere (another silo) like the original; otherwise
    /// <see langword="null"/>.
    /// </summary>
    public Type? OriginalType => ResolvedTypes.GetOrAdd(OriginalTypeName, static name => Resolve(name));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type?> ResolvedTypes = new(StringComparer.Ordinal);

    private static Type? Resolve(string name)
    {
        if (name.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(name, throwOnError: false) is { } type && typeof(Exception).IsAssignableFrom(type))
            {
                return type;
            }
        }

        return null;
    }
}
