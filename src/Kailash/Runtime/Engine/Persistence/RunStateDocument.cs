using System.Text.Json.Nodes;

namespace Kailash.Runtime.Engine.Persistence;

/// <summary>The serialised form of a <see cref="RunState"/> (snake_case JSON, <c>schema_version</c> first).</summary>
internal sealed record RunStateDocument(
    int SchemaVersion,
    string RunId,
    string WorkflowId,
    string[] NodeIds,
    NodeResultDocument?[] Results,
    int[] Iterations,
    bool[] EdgeLive,
    ErrorDocument?[]? EdgeErrors,
    bool[] CompletedUnits,
    int[]? LiveInputs,
    int[]? Pruned,
    CycleReportDocument[] Cycles,
    long StepsUsed,
    int FinishedNodes,
    bool Stopped,
    bool Cancelled);

/// <summary>One recorded node result.</summary>
internal sealed record NodeResultDocument(NodeStatus Status, Dictionary<string, JsonNode?>? Outputs, ErrorDocument? Error, SkipReason SkipReason, int Attempts, long DurationTicks);

/// <summary>An error, by code, message and the stable full name of its type.</summary>
internal sealed record ErrorDocument(string Type, string Code, string Message, string? NodeId, string? Port);

/// <summary>The report of a finished cycle.</summary>
internal sealed record CycleReportDocument(string CycleId, int Iterations, Cycles.CycleTermination Termination, long DurationTicks, ErrorDocument? Error);

/// <summary>
/// What a durable run stores in a node row's <c>state</c> column beside its outputs: the result without outputs, whether the
/// outputs were masked (they held a secret, so the stored ones are masked), and, for a cycle's closing row, the cycle's report
/// and the final result of every member.
/// </summary>
internal sealed record NodeRowDocument(NodeResultDocument Result, bool Masked, CycleReportDocument? Cycle, CycleMemberDocument[]? Members);

/// <summary>A cycle member's final result when its cycle ended, and the iteration whose row holds its outputs.</summary>
internal sealed record CycleMemberDocument(string NodeId, int Iteration, NodeResultDocument Result);
