namespace Kailash.Runtime.Engine;

/// <summary>
/// Ends a node's body when it asks for input that has not arrived: the engine records the node as waiting (never as
/// failed), and retry policies never retry it. Nodes should let it pass; one that catches it still waits.
/// </summary>
internal sealed class InputRequestedSignal : Exception
{
    public InputRequestedSignal(string nodeId, string requestId)
        : base($"Node '{nodeId}' waits for input (request '{requestId}'); the run suspends until a response arrives.")
    {
        NodeId = nodeId;
        RequestId = requestId;
    }

    public InputRequestedSignal()
    {
        NodeId = string.Empty;
        RequestId = string.Empty;
    }

    public InputRequestedSignal(string message)
        : base(message)
    {
        NodeId = string.Empty;
        RequestId = string.Empty;
    }

    public InputRequestedSignal(string message, Exception innerException)
        : base(message, innerException)
    {
        NodeId = string.Empty;
        RequestId = string.Empty;
    }

    public string NodeId { get; }

    public string RequestId { get; }
}
