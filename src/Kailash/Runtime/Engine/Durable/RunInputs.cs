using System.Text.Json;
using System.Text.Json.Nodes;
using Kailash.Durability;
using Kailash.Nodes;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// Human input within one run: answers a node's request from the requests the run store already holds (a resumed run),
/// or records that the node waits — then its unit does not finish, the units that depend on it are held back (everything
/// else still runs), and the run ends <see cref="WorkflowRunStatus.Suspended"/> with the request stored.
/// </summary>
/// <remarks>
/// A request's id is the node id for the node's first request in one invocation, <c>{nodeId}#{n}</c> for its n-th, so a
/// node invoked again on resume asks the same questions under the same ids and gets the stored answers at once.
/// Created on a run's first request (<see cref="RunContext.InputsFor"/>); a run that never asks allocates nothing.
/// </remarks>
internal sealed class RunInputs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InputRequestRecord>? _known;
    private readonly bool[] _waiting;
    private readonly bool[] _blocked;
    private readonly List<InputRequestRecord> _pending = [];
    private volatile bool _suspended;

    public RunInputs(ExecutionPlan plan, IReadOnlyList<InputRequestRecord>? known)
    {
        _waiting = new bool[plan.Nodes.Length];
        _blocked = new bool[plan.Units.Length];
        if (known is { Count: > 0 })
        {
            _known = new Dictionary<string, InputRequestRecord>(known.Count, StringComparer.Ordinal);
            foreach (var request in known)
            {
                _known[request.RequestId] = request;
            }
        }
    }

    /// <summary>Gets a value indicating whether a node of the run waits for input.</summary>
    public bool Suspended => _suspended;

    /// <summary>Gets the requests the run waits for, in the order they were made.</summary>
    public IReadOnlyList<InputRequestRecord> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _pending];
            }
        }
    }

    /// <summary>Gets the request id of a node's n-th request in one invocation.</summary>
    public static string RequestId(string nodeId, int ordinal)
        => ordinal == 1 ? nodeId : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nodeId}#{ordinal}");

    /// <summary>
    /// A node asks for input: returns the stored answer, fails with the request's timeout, or records that the node waits
    /// and throws <see cref="InputRequestedSignal"/> to end its body.
    /// </summary>
    public static T? Request<T>(NodeContext context, InputQuestion question)
    {
        if (context.Run is not { } run || run.Journal is null)
        {
            throw new KailashException(
                ErrorCodes.InputUnavailable,
                $"Node '{context.NodeId}' asked for input ('{question.Name ?? question.Prompt}'), but {(context.Run is null ? "it runs outside a run" : "its run is not recorded in a run store")}, so nothing can wait for the answer. Please set RuntimeOptions.RunStore (new SqliteRunStore(\"runs.db\"), or new InMemoryRunStore() to wait within this process) and leave durability on.",
                context.NodeId);
        }

        if (context.Cycle is { } cycle)
        {
            throw new KailashException(
                ErrorCodes.InputUnavailable,
                $"Node '{context.NodeId}' asked for input inside cycle iteration {cycle.Iteration}; a run cannot suspend inside a cycle. Please ask before the cycle starts or after it ends (a node outside the cycle).",
                context.NodeId);
        }

        var node = run.Plan.Nodes[run.Plan.IndexById[context.NodeId]];
        var inputs = run.InputsFor();
        var requestId = RequestId(node.Id, context.NextInputOrdinal());
        if (inputs._known is { } known && known.TryGetValue(requestId, out var stored) && stored.NodeId == node.Id)
        {
            switch (stored.Status)
            {
                case InputRequestStatus.Answered:
                    return InputValues.Deliver<T>(stored);
                case InputRequestStatus.TimedOut:
                    throw InputValues.TimedOut(stored);
                default:
                    throw inputs.Wait(node, stored);
            }
        }

        var now = run.Services.Options.TimeProvider.GetUtcNow();
        throw inputs.Wait(node, new InputRequestRecord
        {
            RunId = run.RunId,
            RequestId = requestId,
            NodeId = node.Id,
            Name = question.Name,
            Payload = InputValues.Payload<T>(question),
            Status = InputRequestStatus.Pending,
            CreatedAt = now,
            ExpiresAt = question.Timeout is { } timeout ? now + timeout : null,
        });
    }

    /// <summary>Gets a value indicating whether the node asked for input in this run (whatever its body did afterwards).</summary>
    public bool Waits(int node) => Volatile.Read(ref _waiting[node]);

    /// <summary>
    /// Whether a unit must not finish: its node waits, or a unit it depends on waits or is held back. A held-back unit holds
    /// back its dependents in turn (the sequential scheduler reaches them later, in plan order).
    /// </summary>
    public bool Holds(ExecutionPlan plan, int unit)
    {
        var holds = Volatile.Read(ref _blocked[unit]) || (plan.Units[unit].NodeIndex >= 0 && Waits(plan.Units[unit].NodeIndex));
        if (holds)
        {
            foreach (var dependent in plan.Units[unit].Dependents)
            {
                Volatile.Write(ref _blocked[dependent], true);
            }
        }

        return holds;
    }

    /// <summary>Records that the node waits: the request is stored with the node's waiting row and announced.</summary>
    public NodeResult Suspend(RunContext run, PlanNode node, System.Diagnostics.Activity? activity)
    {
        InputRequestRecord request;
        lock (_gate)
        {
            request = _pending.FindLast(r => r.NodeId == node.Id)!;
        }

        run.Events?.Emit(new Events.RequestInput
        {
            RunId = run.RunId,
            NodeId = node.Id,
            NodeType = node.TypeName,
            RequestId = request.RequestId,
            Name = request.Name,
            Prompt = request.Payload,
            ExpiresAt = request.ExpiresAt,
        });
        run.Journal?.Waiting(node, request);
        var waiting = NodeResult.Waiting;
        run.Services.Analytics.OnNodeFinished(run, node, waiting, activity);
        return waiting;
    }

    private InputRequestedSignal Wait(PlanNode node, InputRequestRecord request)
    {
        lock (_gate)
        {
            _pending.RemoveAll(r => r.RequestId == request.RequestId);
            _pending.Add(request);
            _waiting[node.Index] = true;
            _suspended = true;
        }

        return new InputRequestedSignal(node.Id, request.RequestId);
    }
}
