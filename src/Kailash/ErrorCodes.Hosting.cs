namespace Kailash;

/// <summary>Error codes of hosting: <c>services.AddKailash()</c>, the HTTP endpoints and <c>kailash serve</c> (KWF140–KWF149).</summary>
public static partial class ErrorCodes
{
    /// <summary>An HTTP request body is not well-formed JSON or does not have the expected shape.</summary>
    public const string InvalidRequestBody = "KWF140";

    /// <summary>A request names a workflow the server does not have.</summary>
    public const string UnknownWorkflow = "KWF141";

    /// <summary>A request names a run id the server does not know.</summary>
    public const string UnknownRun = "KWF142";

    /// <summary>An HTTP request body is larger than the server accepts.</summary>
    public const string RequestTooLarge = "KWF143";

    /// <summary>A response was sent for a human-input request that is not pending.</summary>
    public const string InputNotPending = "KWF144";

    /// <summary>The <c>Kailash</c> configuration section (or a hosting setting) is invalid.</summary>
    public const string InvalidHostingConfiguration = "KWF145";

    /// <summary>A workflow file in the served workflow folder could not be loaded.</summary>
    public const string WorkflowFileRejected = "KWF146";

    /// <summary>The run has already finished, so it cannot be cancelled.</summary>
    public const string RunAlreadyFinished = "KWF147";
}
