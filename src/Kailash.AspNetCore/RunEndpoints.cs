using System.Globalization;
using System.Net.ServerSentEvents;
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

    public async Task<IResult> StartRunAsync(string workflowId, HttpContext http, WorkflowCatalog catalog, AsyncLocalRuntime runtime, IRunRegistry runs, IOptions<KailashOptions> options)
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

        var report = runtime.Validation.ValidateWorkflow(workflow, parameters);
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

        var run = runs.Start(workflow, parameters!, user);
        if (string.Equals(wait, "true", StringComparison.OrdinalIgnoreCase))
        {
            await run.Finished.WaitAsync(http.RequestAborted).ConfigureAwait(false);
            return TypedResults.Ok(RunViews.Run(run, Prefix));
        }

        return TypedResults.Accepted($"{Prefix}/runs/{run.RunId}", RunViews.Run(run, Prefix));
    }

    public IResult ListRuns(HttpContext http, IRunRegistry runs)
    {
        var text = http.Request.Query["limit"].ToString();
        var limit = DefaultListLimit;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxListLimit))
        {
            return Problems.InvalidBody($"Query 'limit' is '{text}'; use a whole number from 1 to {MaxListLimit}.");
        }

        return TypedResults.Ok(runs.Recent(limit).Select(run => RunViews.Run(run, Prefix, withResults: false)).ToList());
    }

    public IResult GetRun(string runId, IRunRegistry runs)
        => runs.TryGet(runId, out var run) ? TypedResults.Ok(RunViews.Run(run, Prefix)) : Problems.UnknownRun(runId);

    public static IResult GetGraph(string runId, IRunRegistry runs)
        => runs.TryGet(runId, out var run)
            ? TypedResults.Ok(new RunGraphView(run.RunId, Kailash.Workflows.Visualization.MermaidExporter.ToMermaid(run.Workflow), RunViews.NodeStatuses(run)))
            : Problems.UnknownRun(runId);

    public static IResult GetGraphSvg(string runId, IRunRegistry runs)
        => runs.TryGet(runId, out var run)
            ? TypedResults.Text(GraphSvg.Render(run.Workflow, RunViews.NodeStatuses(run)), "image/svg+xml")
            : Problems.UnknownRun(runId);

    public static IResult StreamEvents(string runId, HttpContext http, IRunRegistry runs)
    {
        if (!runs.TryGet(runId, out var run))
        {
            return Problems.UnknownRun(runId);
        }

        var resume = http.Request.Headers["Last-Event-ID"].ToString();
        if (resume.Length == 0)
        {
            resume = http.Request.Query["after"].ToString();
        }

        long after = 0;
        if (resume.Length > 0 && (!long.TryParse(resume, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            return Problems.InvalidBody($"The event id to resume after is '{resume}'; use the sequence number of the last event received (Last-Event-ID header or query 'after').");
        }

        return TypedResults.ServerSentEvents(Items(run, after, http.RequestAborted));
    }

    public IResult Cancel(string runId, IRunRegistry runs)
    {
        if (!runs.TryGet(runId, out var run))
        {
            return Problems.UnknownRun(runId);
        }

        return run.Cancel()
            ? TypedResults.Accepted($"{Prefix}/runs/{run.RunId}", RunViews.Run(run, Prefix))
            : Problems.Create(StatusCodes.Status409Conflict, ErrorCodes.RunAlreadyFinished, "Run already finished", $"{ErrorCodes.RunAlreadyFinished}: Run '{runId}' has already finished ({run.Status}); there is nothing to cancel.");
    }

    public static async Task<IResult> RespondAsync(string runId, string requestId, HttpContext http, IRunRegistry runs, IOptions<KailashOptions> options)
    {
        if (!runs.TryGet(runId, out var run))
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

        // The in-memory run registry has no suspended runs: nothing is ever waiting for input here.
        return Problems.Create(
            StatusCodes.Status409Conflict,
            ErrorCodes.InputNotPending,
            "No pending input request",
            $"{ErrorCodes.InputNotPending}: Run '{run.RunId}' ({run.Status}) has no pending human-input request '{requestId}'.");
    }

    private static async IAsyncEnumerable<SseItem<RunEventView>> Items(TrackedRun run, long after, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in run.ReadEventsAsync(after, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<RunEventView>(RunViews.Event(record), record.Type) { EventId = record.Sequence.ToString(CultureInfo.InvariantCulture) };
        }
    }

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
