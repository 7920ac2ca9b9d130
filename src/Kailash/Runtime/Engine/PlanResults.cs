using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Kailash.Runtime.Engine;

/// <summary>
/// A finished run's results by node id, in plan order: a read-only view over one array indexed like the plan's nodes,
/// looked up through the plan's own id index, so finishing a run builds no dictionary.
/// </summary>
internal sealed class PlanResults : IReadOnlyDictionary<string, NodeResult>
{
    private readonly ExecutionPlan _plan;
    private readonly NodeResult[] _results;

    public PlanResults(ExecutionPlan plan, NodeResult[] results)
    {
        _plan = plan;
        _results = results;
    }

    public int Count => _results.Length;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var node in _plan.Nodes)
            {
                yield return node.Id;
            }
        }
    }

    public IEnumerable<NodeResult> Values => _results;

    public NodeResult this[string key] => TryGetValue(key, out var result) ? result : throw new KeyNotFoundException($"The run has no node '{key}'.");

    public bool ContainsKey(string key) => _plan.IndexById.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NodeResult value)
    {
        if (_plan.IndexById.TryGetValue(key, out var index))
        {
            value = _results[index];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, NodeResult>> GetEnumerator()
    {
        var nodes = _plan.Nodes;
        for (var i = 0; i < nodes.Length; i++)
        {
            yield return new KeyValuePair<string, NodeResult>(nodes[i].Id, _results[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
