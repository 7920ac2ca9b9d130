namespace Kailash.Durability;

/// <summary>One run as stored: identity, the workflow it runs, its parameters (secrets as references only), status and lease.</summary>
public sealed record RunRecord
{
    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>Gets the workflow fingerprint (SHA-256 over node ids, type names, ports, edges and cycle settings).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the workflow definition (Kailash JSON), so a run can be resumed without the original file.</summary>
    public string? Definition { get; init; }

    /// <summary>Gets the run parameters as JSON; secrets appear only as references, never as values.</summary>
    public string? Parameters { get; init; }

    /// <summary>Gets the status.</summary>
    public DurableRunStatus Status { get; init; }

    /// <summary>Gets the error message of a failed run.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the owner of the run's lease (a process or worker id), when one holds it.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Gets when the lease expires.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Gets the fence: raised by every lease acquisition; writes carrying an older fence are rejected.</summary>
    public long Fence { get; init; }

    /// <summary>Gets the number of node results committed so far (the last commit sequence number).</summary>
    public long CommitSeq { get; init; }

    /// <summary>Gets when the run was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the run record last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
