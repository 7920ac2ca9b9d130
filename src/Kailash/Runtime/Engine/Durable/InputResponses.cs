using Kailash.Durability;
using Kailash.Internal;

namespace Kailash.Runtime.Engine.Durable;

/// <summary>
/// Responses to a run's input requests, checked before anything is written: a response names a request by its id (or by
/// its name when one pending request has it), the request must be pending and not expired, and the value must fit the
/// requested type. Requests past their deadline without a response are marked timed out.
/// </summary>
internal static class InputResponses
{
    /// <summary>Checks and stores responses (all or none are accepted), and times out expired pending requests; returns every request of the run as stored now.</summary>
    public static async ValueTask<IReadOnlyList<InputRequestRecord>> ApplyAsync(IRunStore store, string runId, IReadOnlyDictionary<string, object?>? responses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requests = await store.GetRequestsAsync(runId, pendingOnly: false, cancellationToken).ConfigureAwait(false);
        var answers = new List<(InputRequestRecord Request, string Json)>();
        foreach (var (key, value) in responses ?? new Dictionary<string, object?>())
        {
            var request = Find(requests, runId, key);
            if (request.Status != InputRequestStatus.Pending)
            {
                throw NotPending(request);
            }

            if (request.ExpiresAt is { } expires && expires <= now)
            {
                await store.AnswerRequestAsync(runId, request.RequestId, null, now, InputRequestStatus.TimedOut, CancellationToken.None).ConfigureAwait(false);
                throw InputValues.TimedOut(request);
            }

            answers.Add((request, InputValues.ToStored(request, value)));
        }

        foreach (var (request, json) in answers)
        {
            var outcome = await store.AnswerRequestAsync(runId, request.RequestId, json, now, InputRequestStatus.Answered, CancellationToken.None).ConfigureAwait(false);
            if (outcome != RequestAnswerOutcome.Answered)
            {
                // Another process answered it between the read and the write.
                throw NotPending(request);
            }
        }

        var expired = false;
        foreach (var request in requests)
        {
            if (request.Status == InputRequestStatus.Pending && request.ExpiresAt is { } deadline && deadline <= now && !answers.Exists(a => a.Request.RequestId == request.RequestId))
            {
                expired |= await store.AnswerRequestAsync(runId, request.RequestId, null, now, InputRequestStatus.TimedOut, CancellationToken.None).ConfigureAwait(false) == RequestAnswerOutcome.Answered;
            }
        }

        return answers.Count == 0 && !expired ? requests : await store.GetRequestsAsync(runId, pendingOnly: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A suspended run can go on when some node that was left open (waiting, or running at a crash) has no pending request;
    /// otherwise resuming it would only suspend it again, and the caller is told what it waits for (<c>KWF137</c>).
    /// </summary>
    public static void EnsureProgress(string runId, IReadOnlyList<InputRequestRecord> requests, ExecutionPlan plan, Dictionary<(int Node, int Iteration), int> open)
    {
        var pending = requests.Where(r => r.Status == InputRequestStatus.Pending).ToList();
        foreach (var (node, _) in open.Keys)
        {
            if (!pending.Exists(r => r.NodeId == plan.Nodes[node].Id))
            {
                return;
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        throw new KailashException(
            ErrorCodes.RunAwaitingInput,
            $"Run '{runId}' waits for input and was resumed without a response, so it stays suspended. Pending: {string.Join("; ", pending.Select(Describe))}. Please resume it with a response (ResumeSettings.Responses[\"{pending[0].RequestId}\"] = value, or kailash resume {runId} --input {pending[0].Name ?? pending[0].RequestId}=VALUE).",
            pending[0].NodeId);
    }

    public static string Describe(InputRequestRecord request)
        => $"'{request.RequestId}'{(request.Name is { } name && name != request.RequestId ? $" ({name})" : string.Empty)} from node '{request.NodeId}': {InputValues.Prompt(request)}";

    private static InputRequestRecord Find(IReadOnlyList<InputRequestRecord> requests, string runId, string key)
    {
        foreach (var request in requests)
        {
            if (request.RequestId == key)
            {
                return request;
            }
        }

        InputRequestRecord? byName = null;
        foreach (var request in requests)
        {
            if (request.Name == key && (byName is null || request.Status == InputRequestStatus.Pending))
            {
                byName = request;
            }
        }

        if (byName is not null)
        {
            return byName;
        }

        var pending = requests.Where(r => r.Status == InputRequestStatus.Pending).Select(r => r.RequestId).ToList();
        throw new KailashException(
            ErrorCodes.InputRequestNotFound,
            $"Run '{runId}' has no input request '{key}'.{Suggestions.DidYouMean(key, [.. requests.Select(r => r.RequestId), .. requests.Where(r => r.Name is not null).Select(r => r.Name!)])} {(pending.Count == 0 ? "It waits for no input." : $"Pending requests: {Suggestions.List(pending)}.")} Please answer a pending request by its id (or its name).");
    }

    private static KailashException NotPending(InputRequestRecord request)
        => new(
            ErrorCodes.InputNotPending,
            $"Input request '{request.RequestId}' of node '{request.NodeId}' is not pending: it was {(request.Status == InputRequestStatus.TimedOut ? "timed out" : "already answered")}{(request.AnsweredAt is { } at ? $" at {at.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty)}. A request takes one response; please answer only pending requests (kailash runs show RUN_ID lists them).",
            request.NodeId);
}
