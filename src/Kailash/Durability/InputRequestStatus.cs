namespace Kailash.Durability;

/// <summary>The status of a request for input.</summary>
public enum InputRequestStatus
{
    /// <summary>Waiting for a response.</summary>
    Pending,

    /// <summary>A response arrived.</summary>
    Answered,

    /// <summary>No response arrived before the request's deadline.</summary>
    TimedOut,
}
