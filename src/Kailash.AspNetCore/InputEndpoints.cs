using Kailash.Durability;
using Kailash.Hosting;
using Kailash.Hosting.Runs;
using Kailash.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kailash.AspNetCore;

/// <summary>
/// <c>POST {prefix}/runs/{runId}/inputs/{requestId}</c> with <c>{"value": answer}</c>: answers a pending human-input request
/// of a run in the server's run store (whichever process started it) and resumes the run in the background once it is
/// suspended. Answers <c>202</c> with the run. Unknown run <c>KWF142</c> (404), unknown request <c>KWF136</c> (404), not
/// pending <c>KWF144</c> (409), expired <c>KWF139</c> (409), wrong type <c>KWF138</c> (400), malformed body <c>KWF140</c> (400).
/// </summary>
internal sealed class InputEndpoints(string prefix)
{
    public async Task<IResult> AnswerAsync(string runId, string requestId, HttpContext http, RunHost runs, IOptions<KailashOptions> options)
    {
        if (await runs.Store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false) is null)
        {
            return Problems.UnknownRun(runId);
        }

        var (body, problem) = await RequestBodies.ReadObjectAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!body!.TryGetValue("value", out var value) || body.Count != 1)
        {
            return Problems.InvalidBody($"The body is {{\"value\": answer}} (true, a number, a string, a list or an object){(body.Count == 0 ? string.Empty : $"; it has {string.Join(", ", body.Keys.Select(k => $"'{k}'"))}")}.");
        }

        try
        {
            await runs.Runtime.AnswerInputAsync(runId, requestId, value, http.RequestAborted).ConfigureAwait(false);
        }
        catch (KailashException e)
        {
            return Refused(e);
        }

        _ = Task.Run(() => ResumeWhenSuspendedAsync(runs, runId), CancellationToken.None);
        var run = await runs.GetAsync(runId, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Accepted($"{prefix}/runs/{runId}", RunViews.Run(run!, prefix));
    }

    /// <summary>
    /// Resumes the run once it is suspended: at once when it already is, or when its run in this process ends (it suspends
    /// after everything that does not depend on the question). A run still waiting for other answers stays suspended
    /// (<c>KWF137</c>); any other refusal leaves the run as the store holds it, to be resumed later.
    /// </summary>
    private static async Task ResumeWhenSuspendedAsync(RunHost runs, string runId)
    {
        try
        {
            if (runs.TryGetLocal(runId, out var local))
            {
                await local.Finished.ConfigureAwait(false);
            }

            if ((await runs.Store.GetRunAsync(runId).ConfigureAwait(false))?.Status == DurableRunStatus.Suspended)
            {
                await runs.ResumeAsync(runId, events => new ResumeSettings { OnEvent = events }, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (KailashException)
        {
            // Waiting for more answers (KWF137), or resumed by another caller first (KWF127): the store holds the run.
        }
    }

    private static IResult Refused(KailashException e)
    {
        var (status, title) = e.Code switch
        {
            ErrorCodes.InputRequestNotFound or ErrorCodes.RunNotFound => (StatusCodes.Status404NotFound, "Unknown input request"),
            ErrorCodes.InputNotPending or ErrorCodes.InputRequestTimedOut => (StatusCodes.Status409Conflict, "Input request not pending"),
            _ => (StatusCodes.Status400BadRequest, "Answer refused"),
        };
        return Problems.Create(status, e.Code, title, e.Message.StartsWith(e.Code, StringComparison.Ordinal) ? e.Message : $"{e.Code}: {e.Message}");
    }
}
