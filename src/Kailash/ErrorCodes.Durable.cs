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

    /// <summary>A resume was asked for a run that already finished (completed or failed): there is nothing left to run.</summary>
    public const string ResumeFinishedRun = "KWF125";

    /// <summary>The workflow a run is resumed with differs from the one it started with (its fingerprint changed); pass allowDrift to resume anyway.</summary>
    public const string WorkflowDrift = "KWF126";

    /// <summary>Another process holds the run's lease (it is running the run); resume after it stops or its lease expires.</summary>
    public const string RunLeaseHeld = "KWF127";

    /// <summary>A run cannot be resumed: no run store is configured, or its workflow is neither given nor loadable from the stored definition.</summary>
    public const string ResumeUnavailable = "KWF128";

    /// <summary>The run lost its lease while running (another process took it over): its further results are not recorded.</summary>
    public const string RunLeaseLost = "KWF129";

    /// <summary>A store specification (<c>sqlite:PATH</c>, <c>postgres:CONNSTRING</c>) is malformed.</summary>
    public const string InvalidStoreSpec = "KWF130";

    /// <summary>Stored run state cannot be read back (damaged or written by an incompatible version).</summary>
    public const string RunStateUnreadable = "KWF131";

    /// <summary>A run with the same id already exists in the store.</summary>
    public const string DuplicateRun = "KWF132";

    /// <summary>A stored node's outputs held a secret (stored masked) and a node still to run needs them: the run cannot be resumed.</summary>
    public const string ResumeNeedsSecretOutputs = "KWF133";

    /// <summary>A durable run's parameters cannot be stored (a value that is not JSON-representable).</summary>
    public const string RunParametersNotStorable = "KWF134";
}
