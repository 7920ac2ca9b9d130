using Kailash.Runtime.Events;
using Kailash.Workflows;
using Spectre.Console;

namespace Kailash.Cli;

/// <summary>
/// Drives the progress bar of <c>kailash run</c> from the run's events: a node outside a cycle counts when its result is
/// recorded; a cycle's members move the bar by the cycle's iterations (iteration / limit), so a long loop shows it is
/// alive instead of sitting at 0 %, and count in full once a node after the cycle is reached or the run ends.
/// </summary>
internal sealed class EventProgress
{
    private readonly ProgressTask _task;
    private readonly int _total;
    private readonly Dictionary<string, string> _cycleOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _after = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _cycleShare = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private long _shown;

    public EventProgress(ProgressTask task, Workflow workflow, IEnumerable<(string CycleId, IReadOnlyList<string> Members)> cycles)
    {
        _task = task;
        _total = workflow.Nodes.Count;
        foreach (var (cycleId, members) in cycles)
        {
            _members[cycleId] = members.Count;
            _after[cycleId] = [.. workflow.Connections.Where(c => members.Contains(c.SourceNode) && !members.Contains(c.TargetNode)).Select(c => c.TargetNode)];
            foreach (var member in members)
            {
                _cycleOf[member] = cycleId;
            }
        }
    }

    /// <summary>Gets the number of nodes counted as done (cycle members by share).</summary>
    public double Value { get; private set; }

    public void OnEvent(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case CycleIteration cycle:
                _cycleShare[cycle.CycleId] = Math.Min(1.0, (double)cycle.Iteration / Math.Max(1, cycle.MaxIterations));

                // A loop may report hundreds of thousands of iterations: the display (ten refreshes a second) shows one every 50 ms.
                var now = Environment.TickCount64;
                if (now - _shown >= 50 || cycle.Iteration == 1)
                {
                    _shown = now;
                    Show($"{Markup.Escape(cycle.CycleId)} [grey]iteration {cycle.Iteration}/{cycle.MaxIterations}[/]");
                }

                break;
            case NodeStarted started when !_cycleOf.ContainsKey(started.NodeId):
                CloseCyclesBefore(started.NodeId);
                Show(Markup.Escape(started.NodeId));
                break;
            case NodeCompleted or NodeFailed or NodeSkipped when runEvent is NodeEvent node && !_cycleOf.ContainsKey(node.NodeId):
                CloseCyclesBefore(node.NodeId);
                _done.Add(node.NodeId);
                Show(Markup.Escape(node.NodeId));
                break;
            case RunCompleted or RunFailed or RunCancelled:
                foreach (var cycleId in _members.Keys)
                {
                    _cycleShare[cycleId] = 1.0;
                }

                Show("done");
                break;
        }
    }

    /// <summary>A node after a cycle was reached: the cycle ended, its members count in full.</summary>
    private void CloseCyclesBefore(string nodeId)
    {
        foreach (var (cycleId, after) in _after)
        {
            if (after.Contains(nodeId))
            {
                _cycleShare[cycleId] = 1.0;
            }
        }
    }

    /// <summary>Sets the bar and its description (markup; ids already escaped).</summary>
    private void Show(string what)
    {
        var value = (double)_done.Count;
        foreach (var (cycleId, share) in _cycleShare)
        {
            value += _members[cycleId] * share;
        }

        Value = Math.Min(value, _total);
        _task.Value = Value;
        _task.Description = $"{what} [grey]({(int)Value}/{_total})[/]";
    }
}
