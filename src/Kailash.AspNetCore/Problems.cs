using Kailash.Durability;
using Kailash.Expressions;
using Kailash.Internal;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
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

    /// <summary>
    /// The problem for an exception an endpoint let escape: every coded Kailash exception (not only
    /// <see cref="KailashException"/>) keeps its code and message with a status that fits it; anything else is a
    /// <c>500</c> with <see cref="ErrorCodes.UnexpectedServerError"/> and no detail (the caller logs it). Never a stack trace.
    /// </summary>
    public static IResult FromException(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(0),
            BadHttpRequestException bad => InvalidBody(bad.Message),
            WorkflowValidationException invalid => Create(StatusCodes.Status400BadRequest, invalid.Code, "Invalid workflow or parameters", Coded(invalid.Code, invalid.Message), invalid.Errors),
            WorkflowAccessDeniedException denied => Create(StatusCodes.Status403Forbidden, denied.Code, "Access denied", Coded(denied.Code, denied.Message)),
            RunStoreException { Code: ErrorCodes.RunNotFound } missing => Create(StatusCodes.Status404NotFound, missing.Code, "Unknown run", Coded(missing.Code, missing.Message)),
            RunStoreException { Code: ErrorCodes.StoreUnavailable } down => Create(StatusCodes.Status503ServiceUnavailable, down.Code, "Run store unavailable", Coded(down.Code, down.Message)),
            RunStoreException store => Create(StatusCodes.Status500InternalServerError, store.Code, "Run store error", Coded(store.Code, store.Message)),
            KailashException { Code: ErrorCodes.ResumeFinishedRun or ErrorCodes.RunLeaseHeld } conflict => Create(StatusCodes.Status409Conflict, conflict.Code, "Conflict", Coded(conflict.Code, conflict.Message)),
            KailashException coded => Create(StatusCodes.Status400BadRequest, coded.Code, "Request rejected", Coded(coded.Code, coded.Message)),
            NodeConfigurationException node => Create(StatusCodes.Status400BadRequest, node.Code, "Invalid node configuration", Coded(node.Code, node.Message)),
            ExpressionSyntaxException syntax => Create(StatusCodes.Status400BadRequest, syntax.Code, "Invalid expression", Coded(syntax.Code, syntax.Message)),
            ExpressionEvaluationException evaluation => Create(StatusCodes.Status400BadRequest, evaluation.Code, "Expression failed", Coded(evaluation.Code, evaluation.Message)),
            InvalidRuntimeOptionsException options => Create(StatusCodes.Status500InternalServerError, InvalidRuntimeOptionsException.Code, "Invalid server settings", Coded(InvalidRuntimeOptionsException.Code, options.Message)),
            _ => Create(
                StatusCodes.Status500InternalServerError,
                ErrorCodes.UnexpectedServerError,
                "Unexpected server error",
                $"{ErrorCodes.UnexpectedServerError}: The server failed unexpectedly ({error.GetType().Name}); the details are in the server log."),
        };
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
            $"{ErrorCodes.UnknownRun}: The run store has no run '{runId}'. Run ids come from the Location header of a started run or from GET runs; the in-memory store forgets the oldest finished runs beyond Kailash:RunHistory.");

    public static IResult InvalidBody(string detail)
        => Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequestBody, "Invalid request body", $"{ErrorCodes.InvalidRequestBody}: {detail}");

    public static IResult TooLarge(long limit)
        => Create(
            StatusCodes.Status413PayloadTooLarge,
            ErrorCodes.RequestTooLarge,
            "Request body too large",
            $"{ErrorCodes.RequestTooLarge}: The request body is larger than {(limit > 0 ? $"{limit} bytes" : "the server accepts")}. Send fewer or smaller parameters, or raise Kailash:MaxRequestBodyBytes.");

    /// <summary>A message that starts with its code (most Kailash messages already do).</summary>
    private static string Coded(string code, string message) => message.StartsWith(code, StringComparison.Ordinal) ? message : $"{code}: {message}";
}
