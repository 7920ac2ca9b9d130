namespace Kailash;

/// <summary>Error codes of the engine core: run state checkpoints and continuation (KWF070–KWF079).</summary>
public static partial class ErrorCodes
{
    /// <summary>A node output holds a value a run state cannot store (only JSON-like values can be checkpointed).</summary>
    public const string RunStateValueNotSerializable = "KWF070";

    /// <summary>A run state does not belong to the workflow it is continued with (other workflow id or nodes).</summary>
    public const string RunStateMismatch = "KWF071";

    /// <summary>A run state document is not valid JSON of a supported schema version.</summary>
    public const string RunStateInvalid = "KWF072";

    /// <summary>A run state would have to store a secret (a node output that was masked) to be continued.</summary>
    public const string RunStateHoldsSecret = "KWF073";
}
