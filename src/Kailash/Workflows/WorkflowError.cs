namespace Kailash.Workflows;

/// <summary>One problem found in a workflow or a workflow file.</summary>
/// <param name="Code">The stable error code, one of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">A readable sentence that says what is wrong and how to fix it.</param>
/// <param name="NodeId">The node involved, when there is one.</param>
/// <param name="Port">The port or parameter involved, when there is one.</param>
/// <param name="Location">Where in a file the problem is (a path such as <c>nodes.gate.config</c>, or line and column).</param>
public sealed record WorkflowError(string Code, string Message, string? NodeId = null, string? Port = null, string? Location = null)
{
    /// <summary>Gets where the problem is, as data (file, line, column, path, node, cycle, connection); <see cref="Location"/> is its text.</summary>
    public ErrorLocation? At { get; init; }

    /// <summary>Gets a value indicating whether this is a warning rather than an error.</summary>
    public bool IsWarning { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = Location is null ? string.Empty : $" (at {Location})";
        return $"{Code}: {Message}{where}";
    }
}
