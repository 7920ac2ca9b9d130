namespace Kailash.Runtime;

/// <summary>What one node did in a run.</summary>
public sealed class NodeResult
{
    private static readonly IReadOnlyDictionary<string, object?> NoOutputs = new Dictionary<string, object?>();

    // Status and skip reason are stored as bytes: one result is made per step, and this keeps it at 48 bytes.
    private readonly byte _status;
    private readonly byte _skipReason;

    internal NodeResult(NodeStatus status, IReadOnlyDictionary<string, object?>? outputs, Exception? error, SkipReason skipReason, int attempts, TimeSpan duration)
    {
        _status = (byte)status;
        Outputs = outputs ?? NoOutputs;
        Error = error;
        _skipReason = (byte)skipReason;
        Attempts = attempts;
        Duration = duration;
    }

    /// <summary>Gets how the node ended.</summary>
    public NodeStatus Status => (NodeStatus)_status;

    /// <summary>Gets the outputs by port (empty unless <see cref="Status"/> is <see cref="NodeStatus.Completed"/>).</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; }

    /// <summary>Gets the user's exception when the node failed (not a wrapper), or the runtime's coded error.</summary>
    public Exception? Error { get; }

    /// <summary>Gets the error code when the node failed (the code of a <see cref="KailashException"/>, else <c>KWF040</c>) or was cancelled (<c>KWF046</c>).</summary>
    public string? ErrorCode => Error switch
    {
        null => null,
        _ when Status == NodeStatus.Cancelled => ErrorCodes.Cancelled,
        KailashException coded => coded.Code,
        _ => ErrorCodes.NodeFailed,
    };

    /// <summary>Gets why the node was skipped, or <see cref="SkipReason.None"/>.</summary>
    public SkipReason SkipReason => (SkipReason)_skipReason;

    /// <summary>Gets how many times the node was invoked (more than one when a retry policy re-ran it; 0 when it never ran).</summary>
    public int Attempts { get; }

    /// <summary>Gets how long the node ran, all attempts included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the value of an output port.</summary>
    /// <param name="port">The port name.</param>
    /// <exception cref="KeyNotFoundException">The node produced no such port.</exception>
    public object? this[string port]
        => Outputs.TryGetValue(port, out var value)
            ? value
            : throw new KeyNotFoundException($"The node has no output '{port}' (status {Status}). Outputs: {(Outputs.Count == 0 ? "none" : Internal.Suggestions.List(Outputs.Keys))}.");

    /// <summary>The result of a node that waits for input (reported, never recorded: the node runs again when its run is resumed).</summary>
    internal static readonly NodeResult Waiting = new(NodeStatus.Waiting, null, null, SkipReason.None, 0, TimeSpan.Zero);

    internal static NodeResult Skipped(SkipReason reason) => new(NodeStatus.Skipped, null, null, reason, 0, TimeSpan.Zero);
}
