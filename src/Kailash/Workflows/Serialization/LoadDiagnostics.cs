using System.Globalization;
using System.Text.RegularExpressions;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Collects every problem found while loading one workflow file, each with its error code, path and position,
/// and throws them together as one <see cref="WorkflowValidationException"/>.
/// </summary>
internal sealed partial class LoadDiagnostics(string? sourceName)
{
    private readonly List<(WorkflowError Error, SourcePosition? Position, int Order)> _errors = [];
    private int _omitted;

    public string? SourceName { get; } = sourceName;

    public int Count => _errors.Count + _omitted;

    /// <summary>Appends a path segment for a mapping key (<c>nodes.gate</c>, or <c>nodes["my node"]</c> when the key is not a plain name).</summary>
    public static string Child(string path, string key)
    {
        if (SimpleKey().IsMatch(key))
        {
            return path.Length == 0 ? key : $"{path}.{key}";
        }

        var quoted = "[\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
        return path + quoted;
    }

    /// <summary>Appends a list index to a path (<c>connections[2]</c>).</summary>
    public static string Index(string path, int index) => $"{path}[{index}]";

    public void Add(string code, string message, string? path, SourcePosition? position, string? nodeId = null, string? port = null)
        => Add(new WorkflowError(code, message, nodeId, port, FormatLocation(path, position)) { At = Locate(path, position, nodeId) }, position);

    /// <summary>The structured location of a field of this file.</summary>
    public ErrorLocation Locate(string? path, SourcePosition? position, string? nodeId) => new()
    {
        File = SourceName,
        Line = position?.Line,
        Column = position?.Column,
        Path = string.IsNullOrEmpty(path) ? null : path,
        NodeId = nodeId,
    };

    /// <summary>Collects a problem; beyond <see cref="LoadLimits.MaxReportedErrors"/> problems are only counted, so a hostile file cannot exhaust memory through its errors.</summary>
    public void Add(WorkflowError error, SourcePosition? position)
    {
        if (_errors.Count >= LoadLimits.MaxReportedErrors)
        {
            _omitted++;
            return;
        }

        _errors.Add((error, position, _errors.Count));
    }

    public string FormatLocation(string? path, SourcePosition? position)
    {
        var where = (string.IsNullOrEmpty(path), position) switch
        {
            (false, { } p) => $"{path}, {p}",
            (false, null) => path!,
            (true, { } p) => p.ToString(),
            _ => "(top level)",
        };
        return SourceName is null ? where : $"{SourceName}: {where}";
    }

    /// <summary>Throws when anything was collected: errors with a position come first, in file order.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var ordered = _errors
            .OrderBy(e => e.Position?.Line ?? long.MaxValue)
            .ThenBy(e => e.Position?.Column ?? long.MaxValue)
            .ThenBy(e => e.Order)
            .Select(e => e.Error)
            .ToList();
        if (_omitted > 0)
        {
            ordered.Add(new WorkflowError(ordered[^1].Code, string.Create(CultureInfo.InvariantCulture, $"… and {_omitted:N0} more problems (only the first {LoadLimits.MaxReportedErrors} are listed)."), Location: FormatLocation(null, null)));
        }

        throw new WorkflowValidationException(ordered);
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]*$")]
    private static partial Regex SimpleKey();
}
