namespace Kailash.Internal;

/// <summary>
/// Names where a bound value came from ("the workflow-level parameter 'x'"), for error messages only: the text is
/// built when an error is reported, never on the per-step path.
/// </summary>
internal readonly struct ValueSource
{
    private readonly string _kind;
    private readonly string? _name;
    private readonly string? _member;

    public ValueSource(string kind, string name, string? member = null)
    {
        _kind = kind;
        _name = name;
        _member = member;
    }

    private ValueSource(string text) => _kind = text;

    /// <summary>A source already described in full (build-time validation, which is not per step).</summary>
    public static ValueSource Text(string text) => new(text);

    public override string ToString()
        => _name is null ? _kind : _member is null ? $"{_kind} '{_name}'" : $"{_kind} '{_name}.{_member}'";
}
