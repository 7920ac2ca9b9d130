namespace Kailash;

/// <summary>Error codes of workflow files and the values that leave the runtime (KWF024–KWF029).</summary>
public static partial class ErrorCodes
{
    /// <summary>A workflow file exceeds a loading limit: its size, nesting depth, node count or the size it expands to.</summary>
    public const string InputTooLarge = "KWF024";

    /// <summary>A number is NaN or infinite where only finite numbers can be written or passed (JSON output, a saved file, a parameter).</summary>
    public const string NonFiniteNumber = "KWF025";

    /// <summary>A workflow file has a key that is almost certainly a misspelling of a known key (for example <c>conections</c>).</summary>
    public const string MisspeltKey = "KWF026";
}
