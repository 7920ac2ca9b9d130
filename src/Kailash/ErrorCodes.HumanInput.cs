namespace Kailash;

/// <summary>Error codes of human input: requests for input, their responses and timeouts (KWF136–KWF139, KWF148–KWF149).</summary>
public static partial class ErrorCodes
{
    /// <summary>A response names a request id (or request name) the run does not have.</summary>
    public const string InputRequestNotFound = "KWF136";

    /// <summary>A suspended run was resumed without a response to any of the requests it waits for: it stays suspended.</summary>
    public const string RunAwaitingInput = "KWF137";

    /// <summary>A response does not have the type the request asked for.</summary>
    public const string InputResponseInvalid = "KWF138";

    /// <summary>A request for input passed its deadline without a response: the node that asked fails.</summary>
    public const string InputRequestTimedOut = "KWF139";

    /// <summary>A node asked for input in a run that cannot wait: it is not recorded in a run store, or the node runs inside a cycle.</summary>
    public const string InputUnavailable = "KWF148";
}
