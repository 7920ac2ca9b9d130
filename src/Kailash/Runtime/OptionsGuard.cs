namespace Kailash.Runtime;

/// <summary>
/// The one check every settable option goes through: once a runtime has taken its private copy of the options, that copy
/// (and every options object inside it) is read-only, and setting anything on it throws.
/// </summary>
/// <remarks>
/// Pattern for a new option: <c>public T Name { get; set => field = OptionsGuard.Set(IsReadOnly, value); }</c>, and when the
/// option holds a mutable object, copy and freeze it in the owning class's <c>Freeze</c> step (see <c>RuntimeOptions.Snapshot</c>).
/// </remarks>
internal static class OptionsGuard
{
    public static T Set<T>(bool readOnly, T value, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
        => readOnly
            ? throw new InvalidOperationException($"{ErrorCodes.OptionsReadOnly}: '{name}' cannot be changed: a runtime's options are a read-only copy taken when the runtime was built. Please set it on a new RuntimeOptions and build a new runtime with it.")
            : value;

    /// <summary>Returns the object just made read-only (lets a <c>Freeze</c> method stay one expression).</summary>
    public static T Frozen<T>(T self, bool readOnly) => readOnly ? self : throw new InvalidOperationException("The object was not frozen.");

    /// <summary>Returns a copy made writable again (a clone of a runtime's read-only options is the caller's to change).</summary>
    public static T Writable<T>(T copy, Action<T> unfreeze)
    {
        unfreeze(copy);
        return copy;
    }

    /// <summary>Copies a list into a read-only one (the frozen copy's lists refuse changes).</summary>
    public static IList<T> ReadOnlyCopy<T>(IList<T> items) => new System.Collections.ObjectModel.ReadOnlyCollection<T>([.. items]);
}
