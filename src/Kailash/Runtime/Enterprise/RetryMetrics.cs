using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Counters behind <see cref="RetryAnalytics"/>. Only nodes with a retry policy report here; bounded: at most
/// <see cref="RuntimeOptions.MaxTrackedNodes"/> nodes (least recently planned dropped first) and
/// <see cref="MaxExceptionTypes"/> exception types.
/// </summary>
internal sealed class RetryMetrics(int maxNodes = RuntimeOptions.DefaultMaxTrackedNodes)
{
    /// <summary>The most exception types tracked; further types are counted under "(other)".</summary>
    public const int MaxExceptionTypes = 256;

    private readonly Internal.BoundedMap<NodeCounters> _byNode = new(maxNodes);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byException = new(StringComparer.Ordinal);
    private long _executions;
    private long _attempts;
    private long _succeededFirst;
    private long _succeededAfterRetry;
    private long _exhausted;
    private long _notRetried;

    public NodeCounters For(string workflowId, string nodeId, string nodeType)
        => _byNode.GetOrAdd(workflowId + "/" + nodeId, static (_, s) => new NodeCounters(s.workflowId, s.nodeId, s.nodeType), (workflowId, nodeId, nodeType));

    public void RecordRetry(Exception? exception)
    {
        var name = exception?.GetType().FullName ?? "(result)";
        if (!_byException.TryGetValue(name, out var box))
        {
            box = _byException.Count < MaxExceptionTypes ? _byException.GetOrAdd(name, static _ => new StrongBox<long>()) : _byException.GetOrAdd("(other)", static _ => new StrongBox<long>());
        }

        Interlocked.Increment(ref box.Value);
    }

    public void RecordExecution(NodeCounters node, int attempts, int maxAttempts, bool succeeded)
    {
        Interlocked.Increment(ref _executions);
        Interlocked.Add(ref _attempts, attempts);
        Interlocked.Increment(ref node.Executions);
        Interlocked.Add(ref node.Attempts, attempts);
        if (succeeded)
        {
            if (attempts > 1)
            {
                Interlocked.Increment(ref _succeededAfterRetry);
                Interlocked.Increment(ref node.SucceededAfterRetry);
            }
            else
            {
                Interlocked.Increment(ref _succeededFirst);
            }
        }
        else if (attempts >= maxAttempts)
        {
            Interlocked.Increment(ref _exhausted);
            Interlocked.Increment(ref node.Exhausted);
        }
        else
        {
            Interlocked.Increment(ref _notRetried);
            Interlocked.Increment(ref node.NotRetried);
        }
    }

    /// <summary>Gets how many nodes have retry counters (at most <see cref="RuntimeOptions.MaxTrackedNodes"/>).</summary>
    public int TrackedNodes => _byNode.Count;

    public RetryAnalytics Snapshot()
    {
        var byException = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in _byException)
        {
            byException[pair.Key] = Interlocked.Read(ref pair.Value.Value);
        }

        var byNode = new Dictionary<string, NodeRetryStatistics>(StringComparer.Ordinal);
        foreach (var pair in _byNode.Pairs)
        {
            var n = pair.Value;
            byNode[pair.Key] = new NodeRetryStatistics
            {
                WorkflowId = n.WorkflowId,
                NodeId = n.NodeId,
                NodeType = n.NodeType,
                Executions = Interlocked.Read(ref n.Executions),
                Attempts = Interlocked.Read(ref n.Attempts),
                SucceededAfterRetry = Interlocked.Read(ref n.SucceededAfterRetry),
                Exhausted = Interlocked.Read(ref n.Exhausted),
                NotRetried = Interlocked.Read(ref n.NotRetried),
            };
        }

        var executions = Interlocked.Read(ref _executions);
        var attempts = Interlocked.Read(ref _attempts);
        return new RetryAnalytics
        {
            Executions = executions,
            Attempts = attempts,
            Retries = attempts - executions,
            SucceededWithoutRetry = Interlocked.Read(ref _succeededFirst),
            SucceededAfterRetry = Interlocked.Read(ref _succeededAfterRetry),
            Exhausted = Interlocked.Read(ref _exhausted),
            NotRetried = Interlocked.Read(ref _notRetried),
            RetriesByExceptionType = byException,
            ByNode = byNode,
        };
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _executions, 0);
        Interlocked.Exchange(ref _attempts, 0);
        Interlocked.Exchange(ref _succeededFirst, 0);
        Interlocked.Exchange(ref _succeededAfterRetry, 0);
        Interlocked.Exchange(ref _exhausted, 0);
        Interlocked.Exchange(ref _notRetried, 0);
        _byException.Clear();
        foreach (var node in _byNode.Values)
        {
            node.Reset();
        }
    }

    /// <summary>The counters of one node; the node's compiled policy holds a reference, so recording needs no lookup.</summary>
    internal sealed class NodeCounters
    {
        public long Executions;
        public long Attempts;
        public long SucceededAfterRetry;
        public long Exhausted;
        public long NotRetried;

        public NodeCounters(string workflowId, string nodeId, string nodeType)
        {
            WorkflowId = workflowId;
            NodeId = nodeId;
            NodeType = nodeType;
        }

        public string WorkflowId { get; }

        public string NodeId { get; }

        public string NodeType { get; }

        public void Reset()
        {
            Interlocked.Exchange(ref Executions, 0);
            Interlocked.Exchange(ref Attempts, 0);
            Interlocked.Exchange(ref SucceededAfterRetry, 0);
            Interlocked.Exchange(ref Exhausted, 0);
            Interlocked.Exchange(ref NotRetried, 0);
        }
    }
}
