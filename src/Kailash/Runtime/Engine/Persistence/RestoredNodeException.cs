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
}
