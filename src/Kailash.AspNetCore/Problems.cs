using Kailash.Internal;
using Kailash.Workflows;
using Microsoft.AspNetCore.Http;

namespace Kailash.AspNetCore;

/// <summary>Problem-details responses (RFC 9457) carrying the Kailash error code in <c>code</c> (and <c>errors</c> when there are several).</summary>
internal static class Problems
{
    public static IResult Create(int status, string code, string title, string detail, IReadOnlyList<WorkflowError>? errors = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors.Select(e => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = e.Code,
                ["message"] = e.Message,
                ["node"] = e.NodeId,
                ["port"] = e.Port,
            }).ToList();
        }

        return TypedResults.Problem(detail, instance: null, status, title, type: $"urn:kailash:error:{code}", extensions);
    }

    public static IResult UnknownWorkflow(string id, IReadOnlyList<string> known)
        => Create(
            StatusCodes.Status404NotFound,
            ErrorCodes.UnknownWorkflow,
            "Unknown workflow",
            $"{ErrorCodes.UnknownWorkflow}: The server has no workflow '{id}'.{Suggestions.DidYouMean(id, known)} Served workflows: {Suggestions.List(known)}.");

    public static IResult UnknownRun(string runId)
        => Create(
            StatusCodes.Status404NotFound,
            ErrorCodes.UnknownRun,
            "Unknown run",
            $"{ErrorCodes.UnknownRun}: The server knows no run '{runId}'. Run ids come from the Location header of a started run or from GET runs; finished runs are forgotten after Kailash:RunHistory newer ones.");

    public static IResult InvalidBody(string detail)
        => Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequestBody, "Invalid request body", $"{ErrorCodes.InvalidRequestBody}: {detail}");

    public static IResult TooLarge(long limit)
        => Create(
            StatusCodes.Status413PayloadTooLarge,
            ErrorCodes.RequestTooLarge,
            "Request body too large",
            $"{ErrorCodes.RequestTooLarge}: The request body is larger than {limit} bytes. Send fewer or smaller parameters, or raise Kailash:MaxRequestBodyBytes.");
}
