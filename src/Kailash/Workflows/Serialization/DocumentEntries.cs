using System.Globalization;
using Kailash.Nodes;
using F = Kailash.Workflows.Serialization.WorkflowFileFields;

namespace Kailash.Workflows.Serialization;

/// <summary>A path and position of a field in the file.</summary>
internal sealed record FieldAt(string Path, SourcePosition Position);

/// <summary>The fields of one mapping, first occurrence of each key, in file order; taken fields are not "remaining".</summary>
internal sealed class FieldSet
{
    private readonly List<SourceEntry> _entries = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public bool Add(SourceEntry entry)
    {
        if (!_keys.Add(entry.Key))
        {
            return false;
        }

        _entries.Add(entry);
        return true;
    }

    public SourceEntry? Find(string key) => _entries.Find(e => e.Key == key);

    public SourceEntry? Peek(string key) => _keys.Contains(key) && !_taken.Contains(key) ? _entries.Find(e => e.Key == key) : null;

    public SourceEntry? Take(string key)
    {
        var entry = Peek(key);
        if (entry is not null)
        {
            _taken.Add(key);
        }

        return entry;
    }

    public IEnumerable<SourceEntry> Remaining() => _entries.Where(e => !_taken.Contains(e.Key));
}

/// <summary>One node as read from the file: its id, type and config with their positions.</summary>
internal sealed class NodeEntry(string? id, string path, SourcePosition position)
{
    public string? Id { get; } = id;

    public string Path { get; } = path;

    public SourcePosition Position { get; } = position;

    public bool Valid { get; set; } = true;

    public string? TypeName { get; set; }

    public string? TypePath { get; set; }

    public SourcePosition? TypePosition { get; set; }

    public string? ConfigPath { get; set; }

    public SourceMapping? ConfigSource { get; set; }

    public Dictionary<string, object?> Config { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> Extensions { get; set; } = new(StringComparer.Ordinal);

    public List<SourceEntry> ExtensionEntries { get; set; } = [];

    public FieldAt FieldFor(WorkflowError error)
    {
        if (error.Port is { } key && ConfigSource?.Entries.Find(e => e.Key == key) is { } configEntry)
        {
            return new FieldAt(LoadDiagnostics.Child(ConfigPath!, key), configEntry.Value.Position);
        }

        if (error.Code == ErrorCodes.InvalidNodeConfig && error.Port is null && ConfigPath is not null)
        {
            return new FieldAt(ConfigPath, ConfigSource?.Position ?? Position);
        }

        if (error.Code == ErrorCodes.UnknownNodeType && TypePath is not null)
        {
            return new FieldAt(TypePath, TypePosition ?? Position);
        }

        return new FieldAt(Path, Position);
    }
}

/// <summary>One connection as read from the file, with the position of each endpoint.</summary>
internal sealed class ConnectionEntry(string path, SourcePosition position)
{
    public string Path { get; } = path;

    public SourcePosition Position { get; } = position;

    public bool Valid { get; set; } = true;

    public string? SourceNode { get; set; }

    public string? SourceOutput { get; set; }

    public string? TargetNode { get; set; }

    public string? TargetInput { get; set; }

    public FieldAt SourceNodeAt { get; set; } = null!;

    public FieldAt SourceOutputAt { get; set; } = null!;

    public FieldAt TargetNodeAt { get; set; } = null!;

    public FieldAt TargetInputAt { get; set; } = null!;

    public bool IsCycle { get; set; }

    public string? CycleId { get; set; }

    public FieldAt CycleIdAt { get; set; } = null!;

    public CycleSettings? Cycle { get; set; }

    public Dictionary<string, object?> Extras { get; set; } = [];

    public Connection ToConnection() => new(SourceNode!, SourceOutput!, TargetNode!, TargetInput!);

    public FieldAt FieldFor(string code) => code switch
    {
        ErrorCodes.UnknownSourceNode => SourceNodeAt,
        ErrorCodes.UnknownOutputPort => SourceOutputAt,
        ErrorCodes.UnknownTargetNode => TargetNodeAt,
        ErrorCodes.UndeclaredInput or ErrorCodes.TypeMismatch => TargetInputAt,
        _ => new FieldAt(Path, Position),
    };
}

/// <summary>The settings of one cycle (or inline cycle edge) with their positions.</summary>
internal sealed class CycleSettings
{
    public int? MaxIterations { get; set; }

    public FieldAt? MaxIterationsAt { get; set; }

    public string? ConvergeWhen { get; set; }

    public FieldAt? ConvergeWhenAt { get; set; }

    public TimeSpan? Timeout { get; set; }

    public FieldAt? TimeoutAt { get; set; }

    public bool HasErrors { get; set; }
}

/// <summary>One entry of the <c>cycles</c> list.</summary>
internal sealed class CycleEntry(string path, SourcePosition position)
{
    public string Path { get; } = path;

    public SourcePosition Position { get; } = position;

    public bool Valid { get; set; } = true;

    public string? Id { get; set; }

    public FieldAt IdAt { get; set; } = null!;

    public List<ConnectionEntry> Edges { get; } = [];

    public CycleSettings Settings { get; set; } = new();

    public Dictionary<string, object?> Extras { get; set; } = [];
}

/// <summary>The inline cycle edges of <c>connections</c> that share one <c>cycle_id</c>.</summary>
internal sealed class InlineCycle(string id, FieldAt at)
{
    public string Id { get; } = id;

    public FieldAt At { get; } = at;

    public bool Valid { get; set; } = true;

    public List<ConnectionEntry> Edges { get; } = [];

    public CycleSettings Settings { get; } = new();
}
