using System.Reflection;
using Kailash;
using Kailash.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Kailash's HTTP API and run dashboard: <c>app.MapKailash("/kailash")</c>.</summary>
public static partial class KailashEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the run API under <paramref name="prefix"/> (needs <c>services.AddKailash()</c>):
    /// <c>GET workflows</c>, <c>GET workflows/{id}</c>, <c>POST workflows/{id}/runs[?wait=true]</c> (200 with the
    /// finished run, or 202 + Location), <c>GET runs</c>, <c>GET runs/{id}</c>, <c>GET runs/{id}/events</c>
    /// (Server-Sent Events, resumable with Last-Event-ID), <c>GET runs/{id}/graph</c> (Mermaid + statuses) and
    /// <c>graph.svg</c>, <c>POST runs/{id}/cancel</c>, <c>POST runs/{id}/inputs/{requestId}</c>. Every error is a
    /// problem-details response whose <c>code</c> is a KWF code. Protect the group with <c>RequireAuthorization</c>;
    /// per-workflow policies come from <c>AddKailashAuthorization</c>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add authorization, rate limiting or OpenAPI metadata.</returns>
    public static RouteGroupBuilder MapKailash(this IEndpointRouteBuilder endpoints, string prefix = "/kailash")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var api = new RunEndpoints(prefix.TrimEnd('/'));
        var group = endpoints.MapGroup(prefix).WithTags("Kailash");
        group.AddEndpointFilter(ExceptionsToProblems);
        group.MapGet("/workflows", RunEndpoints.ListWorkflows)
            .WithName("KailashListWorkflows").WithSummary("Lists the served workflows.")
            .Produces<List<WorkflowView>>();
        group.MapGet("/workflows/{workflowId}", RunEndpoints.GetWorkflow)
            .WithName("KailashGetWorkflow").WithSummary("Describes one served workflow.")
            .Produces<WorkflowView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/workflows/{workflowId}/runs", api.StartRunAsync)
            .WithName("KailashStartRun").WithSummary("Starts a run; ?wait=true answers with the finished run, otherwise 202 with its Location.")
            .Accepts<StartRunBody>("application/json")
            .Produces<RunView>().Produces<RunView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/runs", api.ListRuns)
            .WithName("KailashListRuns").WithSummary("Lists recent runs, newest first (?limit=N).")
            .Produces<List<RunView>>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/runs/{runId}", api.GetRun)
            .WithName("KailashGetRun").WithSummary("Gets a run: status, node statuses, results when finished.")
            .Produces<RunView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/runs/{runId}/events", RunEndpoints.StreamEvents)
            .WithName("KailashRunEvents").WithSummary("Streams a run's events from the run store as Server-Sent Events (id = sequence number) until the run ends; resume with Last-Event-ID (or ?fromSeq=N).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/runs/{runId}/graph", RunEndpoints.GetGraph)
            .WithName("KailashRunGraph").WithSummary("Gets a run's graph (the Mermaid export) and each node's status.")
            .Produces<RunGraphView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/runs/{runId}/graph.svg", RunEndpoints.GetGraphSvg)
            .WithName("KailashRunGraphSvg").WithSummary("Draws a run's graph as SVG, nodes coloured by status.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{runId}/cancel", api.Cancel)
            .WithName("KailashCancelRun").WithSummary("Asks a running run to stop.")
            .Produces<RunView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/runs/{runId}/inputs/{requestId}", RunEndpoints.RespondAsync)
            .WithName("KailashAnswerInput").WithSummary("Answers a pending human-input request of a run.")
            .Accepts<InputResponseBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    /// <summary>
    /// Maps the read-only run dashboard at <c>{prefix}/dashboard</c>: recent runs, a run's graph coloured by node status
    /// and its events live. One static page (no external scripts) over the API that <see cref="MapKailash"/> maps under the same prefix.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The prefix given to <see cref="MapKailash"/>.</param>
    /// <returns>The endpoint, to add authorization.</returns>
    public static IEndpointConventionBuilder MapKailashDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/kailash")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var page = DashboardPage.Html.Replace("{{API}}", prefix.TrimEnd('/'), StringComparison.Ordinal);
        return endpoints.MapGet(prefix.TrimEnd('/') + "/dashboard", () => TypedResults.Content(page, "text/html; charset=utf-8"))
            .WithName("KailashDashboard").ExcludeFromDescription();
    }

    private static async ValueTask<object?> ExceptionsToProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw; // The caller went away: there is nobody to answer.
        }
#pragma warning disable CA1031 // Every failure becomes a problem with a KWF code; unexpected ones are logged here, never sent.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var problem = Problems.FromException(e);
            if (problem is IStatusCodeHttpResult { StatusCode: >= 500 })
            {
                var logger = context.HttpContext.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Kailash.AspNetCore");
                if (logger is not null)
                {
                    LogFailure(logger, e, context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                }
            }

            return problem;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Kailash endpoint {Method} {Path} failed.")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string path);
}
