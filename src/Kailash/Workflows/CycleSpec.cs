namespace Kailash.Workflows;

/// <summary>A declared cycle: the back edges that close the loop and the rules that end it.</summary>
public sealed class CycleSpec
{
    /// <summary>Initializes a new instance of the <see cref="CycleSpec"/> class.</summary>
    /// <param name="cycleId">The cycle id, unique in its workflow.</param>
    /// <param name="connections">The cycle (back) edges.</param>
    public CycleSpec(string cycleId, IReadOnlyList<Connection> connections)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cycleId);
        ArgumentNullException.ThrowIfNull(connections);
        CycleId = cycleId;
        Connections = connections;
    }

    /// <summary>Gets the cycle id.</summary>
    public string CycleId { get; }

    /// <summary>Gets the cycle (back) edges: they carry the previous iteration's values.</summary>
    public IReadOnlyList<Connection> Connections { get; }

    /// <summary>Gets the iteration limit, or <see langword="null"/> for the runtime default.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>Gets the convergence expression, or <see langword="null"/>.</summary>
    public string? ConvergeWhen { get; init; }

    /// <summary>Gets the cycle's time limit, or <see langword="null"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets a value indicating whether the cycle was written inline in the connections list of a file
    /// (Kailash's own export form), so that saving keeps that form.</summary>
    public bool IsInlineForm { get; init; }
}
