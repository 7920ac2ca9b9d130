namespace Kailash.Workflows.Serialization;

/// <summary>
/// The keys of a workflow file that the model has no place for, so that a save after a load loses nothing: unknown
/// top-level keys, unknown keys of a connection and unknown keys of a cycle entry. The reader builds one per loaded
/// workflow and hands it to the workflow (<see cref="Workflow.FileExtras"/>); <see cref="Workflow.CreateCycle"/>
/// carries it over, and the writer reads it from the workflow it writes. Connections and cycles are looked up by
/// instance, so nothing is shared between workflows and nothing outlives its workflow. Per-node extra keys live in
/// <see cref="NodeSpec.Extensions"/> instead.
/// </summary>
internal sealed class FileExtras
{
    private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

    private readonly Dictionary<object, IReadOnlyDictionary<string, object?>> _byOwner = new(ReferenceEqualityComparer.Instance);

    /// <summary>Gets the unknown top-level keys of the file.</summary>
    public IReadOnlyDictionary<string, object?> TopLevel { get; private set; } = None;

    /// <summary>Gets a value indicating whether the file had no extra keys at all.</summary>
    public bool IsEmpty => TopLevel.Count == 0 && _byOwner.Count == 0;

    public void SetTopLevel(IReadOnlyDictionary<string, object?> extras) => TopLevel = extras;

    /// <summary>Keeps the extra keys of a connection or a cycle (by instance); an empty map is not kept.</summary>
    public void Set(object owner, IReadOnlyDictionary<string, object?> extras)
    {
        if (extras.Count > 0)
        {
            _byOwner[owner] = extras;
        }
    }

    /// <summary>Gets the extra keys of a connection or a cycle of the workflow (none when it had none).</summary>
    public IReadOnlyDictionary<string, object?> Of(object owner) => _byOwner.TryGetValue(owner, out var extras) ? extras : None;
}
