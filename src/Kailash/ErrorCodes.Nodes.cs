namespace Kailash;

/// <summary>Error codes of node authoring (typed nodes), range KWF014–KWF019.</summary>
public static partial class ErrorCodes
{
    /// <summary>A typed node's input or output record cannot serve as ports (two properties share a wire name, or no constructor fits).</summary>
    public const string InvalidPortRecord = "KWF014";
}
