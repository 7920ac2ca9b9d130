namespace Kailash;

/// <content>Codes of the runtime hardening work: read-only options, bounded state, admission of bad input.</content>
public static partial class ErrorCodes
{
    /// <summary>A setting of a runtime's options was changed after the runtime was built (the runtime's options are read-only).</summary>
    public const string OptionsReadOnly = "KWF053";
}
