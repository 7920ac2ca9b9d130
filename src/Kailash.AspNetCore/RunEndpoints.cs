using System.Globalization;
using Kailash.Hosting;
using Kailash.Hosting.Runs;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kailash.AspNetCore;

/// <summary>The handlers behind <c>MapKailash</c>. Every failure is a problem-details response with a KWF code.</summary>
internal sealed class RunEndpoints(string prefix)
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 1000;

    public string Prefix { get; } = prefix;

    public static IResult ListWorkflows(WorkflowCatalog catalog) => TypedResults.Ok(catalog.All.Select(RunViews.Workflow).ToList());

    public static IResult GetWorkflow(string workflowId, WorkflowCatalog catalog)
        => catalog.TryGet(workflowId, out var workflow) ? TypedResults.Ok(RunViews.Workflow(workflow)) : Problems.UnknownWorkflow(workflowId, catalog.Ids);

    public async Task<IResult> StartRunAsync(string workflowId, HttpContext http, WorkflowCatalog catalog, RunHost runs, IOptions<KailashOptions> options)
    {
        var wait = http.Request.Query["wait"].ToString();
        if (wait.Length > 0 && !bool.TryParse(wait, out _))
        {
            return Problems.InvalidBody($"Query 'wait' is '{wait}'; use true (answer when the run has finished) or false (answer 202 at once).");
        }

        if (!catalog.TryGet(workflowId, out var workflow))
        {
            return Problems.UnknownWorkflow(workflowId, catalog.Ids);
        }

        var (body, problem) = await RequestBodies.ReadObjectAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (parameters, invalid) = RequestBodies.Parameters(body!);
        if (invalid is not null)
        {
            return invalid;
        }

        var report = runs.Runtime.Validation.ValidateWorkflow(workflow, parameters);
        if (!report.IsValid)
        {
            var first = report.Errors[0];
            return Problems.Create(StatusCodes.Status400BadRequest, first.Code, "Invalid parameters", $"{first.Code}: {first.Message}", report.Errors);
        }

        var user = ClaimsUsers.FromPrincipal(http.User);
        if (http.RequestServices.GetService<IWorkflowAccessPolicy>() is { } policy)
        {
            var decision = await CheckAccessAsync(policy, new WorkflowAccessRequest(workflow, user), http.RequestAborted).ConfigureAwait(false);
            if (!decision.IsAllowed)
            {
                return Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.AccessDenied, "Access denied", $"{ErrorCodes.AccessDenied}: {decision.Reason}");
            }
        }

        var started = await runs.StartAsync(workflow, parameters!, user, http.RequestAborted).ConfigureAwait(false);
        var waiting = string.Equals(wait, "true", StringComparison.OrdinalIgnoreCase);
        if (waiting)
        {
            await started.Finished.WaitAsync(http.RequestAborted).ConfigureAwait(false);
        }

        // The response is read from the run store, as GET runs/{id} reads it: the store is the one record of a run.
        var run = await runs.GetAsync(started.RunId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.UnknownRun(started.RunId);
        }

        return waiting ? TypedResults.Ok(RunViews.Run(run, Prefix)) : TypedResults.Accepted($"{Prefix}/runs/{run.Run.RunId}", RunViews.Run(run, Prefix));
    }

    public async Task<IResult> ListRuns(HttpContext http, RunHost runs)
    {
        var text = http.Request.Query["limit"].ToString();
        var limit = DefaultListLimit;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxListLimit))
        {
            return Problems.InvalidBody($"Query 'limit' is '{text}'; use a whole number from 1 to {MaxListLimit}.");
        }

        var recent = await runs.RecentAsync(limit, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(recent.Select(run => RunViews.Summary(run, Prefix)).ToList());
    }

    public async Task<IResult> GetRun(string runId, HttpContext http, RunHost runs)
        => await runs.GetAsync(runId, http.RequestAborted).ConfigureAwait(false) is { } run ? TypedResults.Ok(RunViews.Run(run, Prefix)) : Problems.UnknownRun(runId);

    public static async Task<IResult> GetGraph(string runId, HttpContext http, RunHost runs)
        => await runs.GetAsync(runId, http.RequestAborted).ConfigureAwait(false) switch
        {
            null => Problems.UnknownRun(runId),
            { Workflow: null } run => WorkflowUnavailable(run),
            { Workflow: { } workflow } run => TypedResults.Ok(new RunGraphView(runId, Kailash.Workflows.Visualization.MermaidExporter.ToMermaid(workflow), run.NodeStatuses())),
        };

    public static async Task<IResult> GetGraphSvg(string runId, HttpContext http, RunHost runs)
        => await runs.GetAsync(runId, http.RequestAborted).ConfigureAwait(false) switch
        {
            null => Problems.UnknownRun(runId),
            { Workflow: null } run => WorkflowUnavailable(run),
            { Workflow: { } workflow } run => TypedResults.Text(GraphSvg.Render(workflow, run.NodeStatuses()), "image/svg+xml"),
        };

    /// <summary>
    /// Streams a run's events from the run store through <c>WatchAsync</c> — live for a run running here, by reading the
    /// store for one running in another process — as Server-Sent Events whose <c>id</c> is the event's sequence number,
    /// after <c>Last-Event-ID</c> (or <c>?fromSeq=N</c>); the stream ends after the run's end event.
    /// </summary>
    public static async Task<IResult> StreamEvents(string runId, HttpContext http, RunHost runs)
    {
        var resume = http.Request.Headers["Last-Event-ID"].ToString();
        var source = "Last-Event-ID header";
        foreach (var name in (string[])["fromSeq", "after"])
        {
            if (resume.Length == 0 && http.Request.Query[name].ToString() is { Length: > 0 } query)
            {
                resume = query;
                source = $"query '{name}'";
            }
        }

        long fromSeq = 0;
        if (resume.Length > 0 && (!long.TryParse(resume, NumberStyles.None, CultureInfo.InvariantCulture, out fromSeq) || fromSeq < 0))
        {
            return Problems.InvalidBody($"The {source} is '{resume}'; use the sequence number of the last event received (a whole number, 0 for the start).");
        }

        if (await runs.Store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false) is null)
        {
            return Problems.UnknownRun(runId);
        }

        return TypedResults.ServerSentEvents(RunEventStream.ReadAsync(runs.Runtime, runId, fromSeq, http.RequestAborted));
    }

    public async Task<IResult> Cancel(string runId, HttpContext http, RunHost runs)
    {
        var asked = runs.TryGetLocal(runId, out var local) && local.Cancel();
        var run = await runs.GetAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.UnknownRun(runId);
        }

        if (asked)
        {
            return TypedResults.Accepted($"{Prefix}/runs/{runId}", RunViews.Run(run, Prefix));
        }

        return run.IsFinished
            ? Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.RunAlreadyFinished, "Run already finished", $"{ErrorCodes.RunAlreadyFinished}: Run '{runId}' has already finished ({run.Status}); there is nothing to cancel.")
            : Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.RunNotCancellableHere, "Run not running here", $"{ErrorCodes.RunNotCancellableHere}: Run '{runId}' ({run.Status}) is not running in this server but in another process on the same run store; cancel it there (Ctrl+C stops 'kailash run').");
    }

    public static async Task<IResult> RespondAsync(string runId, string requestId, HttpContext http, RunHost runs, IOptions<KailashOptions> options)
    {
        var run = await runs.Store.GetRunAsync(runId, http.RequestAborted).ConfigureAwait(false);
        if (run is null)
        {
            return Problems.UnknownRun(runId);
        }

        var (body, problem) = await RequestBodies.ReadObjectAsync(http.Request, options.Value.MaxRequestBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!body!.ContainsKey("value") || body.Count != 1)
        {
            return Problems.InvalidBody("The body is {\"value\": answer}.");
        }

        return Problems.Create(
            StatusCodes.Status409Conflict,
            ErrorCodes.InputNotPending,
            "No pending input request",
            $"{ErrorCodes.InputNotPending}: Run '{runId}' ({run.Status.ToString().ToLowerInvariant()}) has no pending human-input request '{requestId}' this server can answer.");
    }

    private static IResult WorkflowUnavailable(RunSnapshot run)
        => Problems.Create(
            StatusCodes.Status404NotFound,
            ErrorCodes.RunWorkflowUnavailable,
            "Run workflow unavailable",
            $"{ErrorCodes.RunWorkflowUnavailable}: Run '{run.Run.RunId}' ran workflow '{run.Run.WorkflowId}', which this server neither serves with the same fingerprint nor can load from the stored definition (its node types are not registered here). Serve the workflow, or register its nodes with AddKailash.");

    private static async ValueTask<WorkflowAccessDecision> CheckAccessAsync(IWorkflowAccessPolicy policy, WorkflowAccessRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await policy.CheckAccessAsync(request, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A policy that throws denies the run (fail closed), as the runtime does.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return WorkflowAccessDecision.Deny($"The access policy failed ({e.GetType().Name}); the run is denied.");
        }
    }
}
