using Kailash.Workflows;

namespace Kailash.Runtime.Engine;

/// <summary>Builds an <see cref="ExecutionPlan"/> from a validated workflow. Deterministic: ties break by the order nodes were added.</summary>
internal static class ExecutionPlanBuilder
{
    public static ExecutionPlan Build(Workflow workflow)
    {
        var specs = workflow.Nodes;
        var count = specs.Count;
        var indexOf = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            indexOf[specs[i].Id] = i;
        }

        // Edges by original index.
        var regular = new List<int>[count];
        var all = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            regular[i] = [];
            all[i] = [];
        }

        foreach (var c in workflow.Connections)
        {
            regular[indexOf[c.SourceNode]].Add(indexOf[c.TargetNode]);
            all[indexOf[c.SourceNode]].Add(indexOf[c.TargetNode]);
        }

        // For each cycle edge source → target: the target should run first in an iteration, so the edge reads the previous one.
        var runsAfter = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            runsAfter[i] = [];
        }

        foreach (var cycle in workflow.Cycles)
        {
            foreach (var c in cycle.Connections)
            {
                all[indexOf[c.SourceNode]].Add(indexOf[c.TargetNode]);
                runsAfter[indexOf[c.TargetNode]].Add(indexOf[c.SourceNode]);
            }
        }

        var component = StronglyConnectedComponents(all, out var componentCount);

        // Order components topologically (ties: smallest original index first), then members by regular edges.
        var componentMembers = new List<int>[componentCount];
        for (var k = 0; k < componentCount; k++)
        {
            componentMembers[k] = [];
        }

        for (var i = 0; i < count; i++)
        {
            componentMembers[component[i]].Add(i);
        }

        var componentOrder = TopologicalOrder(componentCount, k => componentMembers[k][0], k => Successors(componentMembers[k], all, component, k));
        var order = new List<int>(count);
        foreach (var k in componentOrder)
        {
            var members = componentMembers[k];
            if (members.Count == 1)
            {
                order.Add(members[0]);
                continue;
            }

            var local = new Dictionary<int, int>();
            for (var m = 0; m < members.Count; m++)
            {
                local[members[m]] = m;
            }

            // Iteration order: regular edges, and cycle-edge targets before their sources where that is consistent;
            // otherwise regular edges alone (validation then reports the cycle edge that would run forward).
            var inner = TopologicalOrder(members.Count, m => members[m], m => regular[members[m]].Concat(runsAfter[members[m]]).Where(t => t != members[m] && local.ContainsKey(t)).Select(t => local[t]));
            if (inner.Count < members.Count)
            {
                inner = TopologicalOrder(members.Count, m => members[m], m => regular[members[m]].Where(local.ContainsKey).Select(t => local[t]));
            }

            order.AddRange(inner.Select(m => members[m]));
        }

        // Plan nodes in plan order.
        var planIndex = new int[count];
        var nodes = new PlanNode[count];
        var indexById = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var p = 0; p < count; p++)
        {
            planIndex[order[p]] = p;
            nodes[p] = new PlanNode(p, specs[order[p]]);
            indexById[nodes[p].Id] = p;
        }

        var incoming = new List<InputBinding>[count];
        for (var p = 0; p < count; p++)
        {
            incoming[p] = [];
        }

        foreach (var c in workflow.Connections)
        {
            var source = planIndex[indexOf[c.SourceNode]];
            incoming[planIndex[indexOf[c.TargetNode]]].Add(Bind(c, source, nodes[source], null));
        }

        var regularCounts = incoming.Select(l => l.Count).ToArray();
        foreach (var cycle in workflow.Cycles)
        {
            foreach (var c in cycle.Connections)
            {
                var source = planIndex[indexOf[c.SourceNode]];
                incoming[planIndex[indexOf[c.TargetNode]]].Add(Bind(c, source, nodes[source], cycle.CycleId));
            }
        }

        var edgeCount = 0;
        var outgoing = new List<InputBinding>[count];
        for (var p = 0; p < count; p++)
        {
            outgoing[p] = [];
        }

        for (var p = 0; p < count; p++)
        {
            for (var i = 0; i < incoming[p].Count; i++)
            {
                var edge = incoming[p][i] with { EdgeIndex = edgeCount++ };
                incoming[p][i] = edge;
                outgoing[edge.SourceIndex].Add(edge);
            }
        }

        for (var p = 0; p < count; p++)
        {
            nodes[p].OutgoingEdges = [.. outgoing[p]];
            nodes[p].Inputs = [.. incoming[p]];
            nodes[p].RegularInputCount = regularCounts[p];
            nodes[p].HasSharedRegularTargets = regularCounts[p] > 1
                && incoming[p].Take(regularCounts[p]).Select(b => b.TargetInput).Distinct(StringComparer.Ordinal).Count() < regularCounts[p];
            nodes[p].Dependents = [.. regular[order[p]].Select(t => planIndex[t]).Distinct()];
        }

        // Units: one per component, in component order.
        var units = new List<PlanUnit>(componentCount);
        var cycles = new List<CyclePlan>();
        var unitOfComponent = new int[componentCount];
        foreach (var k in componentOrder)
        {
            var members = componentMembers[k].Select(i => planIndex[i]).Order().ToArray();
            CyclePlan? cyclePlan = null;
            var nodeIndex = members[0];
            if (members.Length > 1 || all[componentMembers[k][0]].Contains(componentMembers[k][0]))
            {
                var memberIds = members.Select(m => nodes[m].Id).ToHashSet(StringComparer.Ordinal);
                var cycleSpecs = workflow.Cycles.Where(s => s.Connections.Any(c => memberIds.Contains(c.TargetNode) && memberIds.Contains(c.SourceNode))).ToList();
                cyclePlan = new CyclePlan(cycles.Count, cycleSpecs.Count > 0 ? cycleSpecs[0].CycleId : nodes[members[0]].Id, cycleSpecs, members);
                cycles.Add(cyclePlan);
                nodeIndex = -1;
            }

            unitOfComponent[k] = units.Count;
            units.Add(new PlanUnit(units.Count, nodeIndex, cyclePlan));
            foreach (var m in members)
            {
                nodes[m].UnitIndex = units.Count - 1;
            }
        }

        foreach (var k in componentOrder)
        {
            var unit = units[unitOfComponent[k]];
            unit.Dependents = [.. Successors(componentMembers[k], all, component, k).Select(s => unitOfComponent[s]).Distinct()];
        }

        foreach (var unit in units)
        {
            foreach (var dependent in unit.Dependents)
            {
                units[dependent].DependencyCount++;
            }
        }

        return new ExecutionPlan(workflow, nodes, [.. units], [.. cycles], indexById) { EdgeCount = edgeCount };
    }

    private static InputBinding Bind(Connection c, int sourceIndex, PlanNode source, string? cycleId)
    {
        var port = c.SourceOutput;
        string[]? path = null;
        var dot = port.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && !source.Node.GetOutputs().Contains(port))
        {
            path = port[(dot + 1)..].Split('.');
            port = port[..dot];
        }

        return new InputBinding(sourceIndex, port, path, c.TargetInput, cycleId, c);
    }

    private static IEnumerable<int> Successors(List<int> members, List<int>[] edges, int[] component, int self)
    {
        var seen = new HashSet<int>();
        foreach (var m in members)
        {
            foreach (var t in edges[m])
            {
                var k = component[t];
                if (k != self && seen.Add(k))
                {
                    yield return k;
                }
            }
        }
    }

    /// <summary>Kahn's algorithm; among ready items the one with the smallest key goes first.</summary>
    private static List<int> TopologicalOrder(int count, Func<int, int> key, Func<int, IEnumerable<int>> successors)
    {
        var inDegree = new int[count];
        var next = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            next[i] = [.. successors(i)];
            foreach (var s in next[i])
            {
                inDegree[s]++;
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < count; i++)
        {
            if (inDegree[i] == 0)
            {
                ready.Enqueue(i, key(i));
            }
        }

        var order = new List<int>(count);
        while (ready.TryDequeue(out var item, out _))
        {
            order.Add(item);
            foreach (var s in next[item])
            {
                if (--inDegree[s] == 0)
                {
                    ready.Enqueue(s, key(s));
                }
            }
        }

        return order;
    }

    /// <summary>Iterative Tarjan: returns the component number of each vertex.</summary>
    private static int[] StronglyConnectedComponents(List<int>[] edges, out int componentCount)
    {
        var n = edges.Length;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var component = new int[n];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var work = new Stack<(int Vertex, int Edge)>();
        var counter = 0;
        componentCount = 0;
        for (var start = 0; start < n; start++)
        {
            if (index[start] >= 0)
            {
                continue;
            }

            work.Push((start, 0));
            while (work.Count > 0)
            {
                var (v, e) = work.Pop();
                if (e == 0)
                {
                    index[v] = low[v] = counter++;
                    stack.Push(v);
                    onStack[v] = true;
                }

                var recursed = false;
                for (var i = e; i < edges[v].Count; i++)
                {
                    var w = edges[v][i];
                    if (index[w] < 0)
                    {
                        work.Push((v, i + 1));
                        work.Push((w, 0));
                        recursed = true;
                        break;
                    }

                    if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                }

                if (recursed)
                {
                    continue;
                }

                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component[w] = componentCount;
                    }
                    while (w != v);
                    componentCount++;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Vertex;
                    low[parent] = Math.Min(low[parent], low[v]);
                }
            }
        }

        return component;
    }
}
