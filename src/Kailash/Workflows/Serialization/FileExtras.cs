using System.Runtime.CompilerServices;

namespace Kailash.Workflows.Serialization;

/// <summary>
/// Keeps the keys of a workflow file that the model has no place for, so that a save after a load loses nothing:
/// unknown top-level keys (attached to the loaded workflow's <see cref="Workflow.Metadata"/> instance, which
/// <see cref="Workflow.CreateCycle"/> carries over), unknown keys of a connection (attached to the
/// <see cref="Connection"/> instance) and unknown keys of a cycle entry (attached to the <see cref="CycleSpec"/>).
/// The table holds its keys weakly, so nothing outlives the workflow. Per-node extra keys live in
/// <see cref="NodeSpec.Extensions"/> instead.
/// </summary>
internal static class FileExtras
{
    private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();
    private static readonly ConditionalWeakTable<object, IReadOnlyDictionary<string, object?>> Table = [];

    public static void Set(object owner, IReadOnlyDictionary<string, object?> extras)
    {
        if (extras.Count > 0)
        {
            Table.AddOrUpdate(owner, extras);
        }
    }

    public static IReadOnlyDictionary<string, object?> Get(object owner) => Table.TryGetValue(owner, out var extras) ? extras : None;
}
