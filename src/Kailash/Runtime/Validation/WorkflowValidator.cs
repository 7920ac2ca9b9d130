using Kailash.Internal;
using Kailash.Workflows;

namespace Kailash.Runtime.Validation;

/// <summary>Build-time checks of a workflow's structure. Every problem is collected; nothing stops at the first.</summary>
internal static class WorkflowValidator
{
    public static List<WorkflowError> StructuralErrors(Workflow workflow)
    {
        var errors = new List<WorkflowError>();
        var ids = workflow.Nodes.Select(n => n.Id).ToList();
        for (var i = 0; i < workflow.Connections.Count; i++)
        {
            CheckEnds(workflow, workflow.Connections[i], $"connections[{i}]", ids, errors);
        }

        var cycleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cycle in workflow.Cycles)
        {
            if (!cycleIds.Add(cycle.CycleId))
            {
                errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle id '{cycle.CycleId}' is declared more than once. Please give every cycle a unique id.", Location: $"cycles.{cycle.CycleId}"));
            }

            if (cycle.Connections.Count == 0)
            {
                errors.Add(new WorkflowError(ErrorCodes.InvalidCycle, $"Cycle '{cycle.CycleId}' has no connections. Please add at least one back edge with Connect(from, to, mapping).", Location: $"cycles.{cycle.CycleId}"));
            }

            for (var i = 0; i < cycle.Connections.Count; i++)
            {
                CheckEnds(workflow, cycle.Connections[i], $"cycles.{cycle.CycleId}.connections[{i}]", ids, errors);
            }
        }

        var unmarked = FindUnmarkedCycle(workflow);
        if (unmarked.Count > 0)
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnmarkedCycle,
                $"The connections between {Suggestions.List(unmarked)} form a cycle that is not declared. Please declare the back edge with CreateCycle(id).Connect(...) and give it MaxIterations or ConvergeWhen, or remove the connection that closes the loop.",
                unmarked[0]));
        }

        Cycles.CycleValidator.AddErrors(workflow, errors);
        return errors;
    }

    private static void CheckEnds(Workflow workflow, Connection connection, string location, List<string> ids, List<WorkflowError> errors)
    {
        if (!workflow.TryGetNode(connection.SourceNode, out _))
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnknownSourceNode,
                $"Connection '{connection}' starts at node '{connection.SourceNode}', which does not exist.{Suggestions.DidYouMean(connection.SourceNode, ids)} Nodes: {Suggestions.List(ids)}.",
                connection.SourceNode,
                connection.SourceOutput,
                location));
        }

        if (!workflow.TryGetNode(connection.TargetNode, out _))
        {
            errors.Add(new WorkflowError(
                ErrorCodes.UnknownTargetNode,
                $"Connection '{connection}' ends at node '{connection.TargetNode}', which does not exist.{Suggestions.DidYouMean(connection.TargetNode, ids)} Nodes: {Suggestions.List(ids)}.",
                connection.TargetNode,
                connection.TargetInput,
                location));
        }
    }

    /// <summary>Kahn's algorithm over the regular connections; the nodes left over sit on (or behind) a cycle.</summary>
    private static List<string> FindUnmarkedCycle(Workflow workflow)
    {
        var inDegree = new Dictionary<string, int>(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in workflow.Nodes)
        {
            inDegree[node.Id] = 0;
            edges[node.Id] = [];
        }

        foreach (var c in workflow.Connections)
        {
            if (inDegree.ContainsKey(c.SourceNode) && inDegree.TryGetValue(c.TargetNode, out var degree))
            {
                edges[c.SourceNode].Add(c.TargetNode);
                inDegree[c.TargetNode] = degree + 1;
            }
        }

        var ready = new Queue<string>(inDegree.Where(p => p.Value == 0).Select(p => p.Key));
        while (ready.Count > 0)
        {
            foreach (var next in edges[ready.Dequeue()])
            {
                if (--inDegree[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return [.. workflow.Nodes.Select(n => n.Id).Where(id => inDegree[id] > 0)];
    }
}
