namespace Kailash;

/// <summary>Error codes of durable runs: run stores, resume, human input and run events (range KWF120–KWF139).</summary>
public static partial class ErrorCodes
{
    /// <summary>The run store cannot be reached or stopped answering (server down, file not writable).</summary>
    public const string StoreUnavailable = "KWF120";

    /// <summary>The run store's file is not a database or is damaged.</summary>
    public const string StoreCorrupt = "KWF121";

    /// <summary>The database holds tables of another application, not a Kailash run store.</summary>
    public const string StoreForeign = "KWF122";

    /// <summary>The run store was written by a newer Kailash (its schema version is unknown here).</summary>
    public const string StoreSchemaTooNew = "KWF123";

    /// <summary>No run with the given id exists in the store.</summary>
    public const string RunNotFound = "KWF124";

    /// <summary>The run cannot be resumed (it completed, failed or was cancelled, or it is running elsewhere).</summary>
    public const string RunNotResumable = "KWF125";

    /// <summary>The workflow changed since the run started (fingerprint mismatch) and drift is not allowed.</summary>
    public const string WorkflowDrift = "KWF126";

    /// <summary>A response names an input request the run does not have pending.</summary>
    public const string RequestNotFound = "KWF127";

    /// <summary>Another process holds the run's lease.</summary>
    public const string RunLeased = "KWF128";

    /// <summary>A pending input request timed out before a response arrived.</summary>
    public const string InputRequestTimedOut = "KWF129";

    /// <summary>A store specification (<c>sqlite:PATH</c>, <c>postgres:CONNSTRING</c>) is malformed.</summary>
    public const string InvalidStoreSpec = "KWF130";

    /// <summary>Stored run state cannot be read back (damaged or written by an incompatible version).</summary>
    public const string RunStateUnreadable = "KWF131";

    /// <summary>A run with the same id already exists in the store.</summary>
    public const string DuplicateRun = "KWF132";

    /// <summary>A response to an input request cannot be converted to the type the node asked for.</summary>
    public const string InvalidInputResponse = "KWF133";

    /// <summary>A node result was rejected because a newer attempt or another owner took the run over (fenced).</summary>
    public const string CommitFenced = "KWF134";
}
