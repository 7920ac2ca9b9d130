namespace Kailash.Runtime.Validation;

/// <summary>How values delivered by connections are checked against the declared type of the input they feed.</summary>
public enum ConnectionValidationMode
{
    /// <summary>No check: connection values reach the node as delivered.</summary>
    Off,

    /// <summary>A value that cannot be converted to the declared type is logged as a warning and delivered unchanged.</summary>
    Warn,

    /// <summary>A value that cannot be converted to the declared type fails the node (code <c>KWF041</c>) before it runs (the default).</summary>
    Strict,
}
