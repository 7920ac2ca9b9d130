namespace Kailash;

/// <summary>Error codes of serving runs over HTTP and following them from a store (<c>kailash watch</c>) (range KWF180–KWF189).</summary>
public static partial class ErrorCodes
{
    /// <summary>A run cannot be cancelled by this server: it is running in another process (or waits for input) on the same store.</summary>
    public const string RunNotCancellableHere = "KWF180";

    /// <summary>The workflow a stored run ran cannot be loaded by this server (its nodes are unknown here), so its graph cannot be drawn.</summary>
    public const string RunWorkflowUnavailable = "KWF181";

    /// <summary>The server failed unexpectedly while answering a request; the details are in the server's log, never in the response.</summary>
    public const string UnexpectedServerError = "KWF182";
}
