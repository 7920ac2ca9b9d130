namespace Kailash;

/// <summary>Error codes of run events and human input (ranges KWF136–KWF139 and KWF170–KWF179).</summary>
public static partial class ErrorCodes
{
    /// <summary><c>WatchAsync</c> was called on a runtime without a run store: there is nowhere to read a run's events from.</summary>
    public const string WatchUnavailable = "KWF170";

    /// <summary>A watched run's stored events have a gap that did not fill (the store lost events, or another writer numbered them).</summary>
    public const string RunEventsMissing = "KWF171";
}
