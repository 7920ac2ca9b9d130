namespace Kailash;

/// <content>Codes of the runtime hardening work: read-only options, bounded state, admission of bad input.</content>
public static partial class ErrorCodes
{
    /// <summary>A setting of a runtime's options was changed after the runtime was built (the runtime's options are read-only).</summary>
    public const string OptionsReadOnly = "KWF053";

    /// <summary>A retry strategy name is empty, too long or has characters other than letters, digits, '_', '-', '.' and ':'.</summary>
    public const string InvalidRetryStrategyName = "KWF054";

    /// <summary>A retry strategy with that name is already registered; replacing it must be asked for (<c>replace: true</c>).</summary>
    public const string RetryStrategyExists = "KWF055";
}
