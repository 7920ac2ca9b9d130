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

    /// <summary>A store specification (<c>sqlite:PATH</c>, <c>postgres:CONNSTRING</c>) is malformed.</summary>
    public const string InvalidStoreSpec = "KWF130";

    /// <summary>Stored run state cannot be read back (damaged or written by an incompatible version).</summary>
    public const string RunStateUnreadable = "KWF131";

    /// <summary>A run with the same id already exists in the store.</summary>
    public const string DuplicateRun = "KWF132";
}
