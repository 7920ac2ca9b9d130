namespace Kailash.Hosting.Runs;

/// <summary>One event of a run, numbered from 1 in the order it happened (the number resumes a Server-Sent Events stream).</summary>
/// <param name="Sequence">The event's number within its run.</param>
/// <param name="Type">run.started, node.finished, run.completed, run.failed or run.cancelled.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="NodeId">The node, for node events.</param>
/// <param name="Status">The node's or run's status (snake_case).</param>
/// <param name="Code">The error code, for failures.</param>
/// <param name="Message">A readable detail, for failures.</param>
internal sealed record RunEventRecord(long Sequence, string Type, DateTimeOffset Timestamp, string? NodeId, string? Status, string? Code, string? Message);
