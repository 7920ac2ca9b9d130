namespace Kailash.Workflows.Serialization;

/// <summary>A line and column (both 1-based) in a workflow file.</summary>
/// <param name="Line">The line, starting at 1.</param>
/// <param name="Column">The column, starting at 1.</param>
internal readonly record struct SourcePosition(long Line, long Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>
/// One value read from a JSON or YAML file, with the position it starts at. Both readers produce this tree, so the
/// workflow reader does not care which syntax the file uses.
/// </summary>
internal abstract class SourceValue(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>Gets a short description of the value's shape for error messages.</summary>
    public abstract string Shape { get; }
}

/// <summary>A scalar: string, long, double, bool or null.</summary>
internal sealed class SourceScalar(SourcePosition position, object? value) : SourceValue(position)
{
    public object? Value { get; } = value;

    public override string Shape => Value switch
    {
        null => "null",
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        _ => "a scalar",
    };
}

/// <summary>A sequence (JSON array, YAML sequence).</summary>
internal sealed class SourceSequence(SourcePosition position) : SourceValue(position)
{
    public List<SourceValue> Items { get; } = [];

    public override string Shape => "a list";
}

/// <summary>A mapping (JSON object, YAML mapping). Entries keep their file order, duplicates included.</summary>
internal sealed class SourceMapping(SourcePosition position) : SourceValue(position)
{
    public List<SourceEntry> Entries { get; } = [];

    public override string Shape => "an object";
}

/// <summary>One key and its value in a <see cref="SourceMapping"/>.</summary>
/// <param name="Key">The key text.</param>
/// <param name="KeyPosition">Where the key starts.</param>
/// <param name="Value">The value.</param>
internal sealed record SourceEntry(string Key, SourcePosition KeyPosition, SourceValue Value);
