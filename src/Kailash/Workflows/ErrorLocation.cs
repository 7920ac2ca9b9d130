namespace Kailash.Workflows;

/// <summary>
/// Where a <see cref="WorkflowError"/> is, as data: the file, line and column, the path of the field (in the file, such as
/// <c>nodes.gate.config.limit</c>, or in the model, such as <c>cycles.loop.connections[0]</c>), the node, and for errors about
/// the model the cycle and connection index, so tools (and the file loader) never parse message or location strings.
/// </summary>
public sealed record ErrorLocation
{
    /// <summary>Gets the file the error is in, when it came from a file.</summary>
    public string? File { get; init; }

    /// <summary>Gets the 1-based line in <see cref="File"/>.</summary>
    public long? Line { get; init; }

    /// <summary>Gets the 1-based column (in characters) in <see cref="File"/>.</summary>
    public long? Column { get; init; }

    /// <summary>Gets the path of the field: in the file (<c>connections[2].target_node</c>) or in the model.</summary>
    public string? Path { get; init; }

    /// <summary>Gets the node the error concerns, when there is one.</summary>
    public string? NodeId { get; init; }

    /// <summary>Gets the cycle the error concerns, when there is one.</summary>
    public string? CycleId { get; init; }

    /// <summary>Gets the index of the connection the error concerns: in <see cref="Workflow.Connections"/>, or in the cycle's connections when <see cref="CycleId"/> is set.</summary>
    public int? ConnectionIndex { get; init; }

    /// <summary>The model location of regular connection <paramref name="index"/>.</summary>
    internal static ErrorLocation OfConnection(int index) => new() { Path = $"connections[{index}]", ConnectionIndex = index };

    /// <summary>The model location of a cycle, or of one of its connections or fields.</summary>
    internal static ErrorLocation OfCycle(string cycleId, int? connectionIndex = null, string? field = null) => new()
    {
        Path = connectionIndex is { } i ? $"cycles.{cycleId}.connections[{i}]" : field is null ? $"cycles.{cycleId}" : $"cycles.{cycleId}.{field}",
        CycleId = cycleId,
        ConnectionIndex = connectionIndex,
    };

    /// <summary>Formats as <c>file: path, line L, column C</c>, leaving out what is unknown.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var position = Line is { } line ? $"line {line}, column {Column ?? 1}" : null;
        var where = (Path, position) switch
        {
            ({ Length: > 0 } p, { } at) => $"{p}, {at}",
            ({ Length: > 0 } p, null) => p,
            (_, { } at) => at,
            _ => "(top level)",
        };
        return File is null ? where : $"{File}: {where}";
    }
}
