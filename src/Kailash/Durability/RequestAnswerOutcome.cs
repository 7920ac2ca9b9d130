namespace Kailash.Durability;

/// <summary>What happened to a response delivered to a stored input request.</summary>
public enum RequestAnswerOutcome
{
    /// <summary>The request was pending and now holds the response.</summary>
    Answered,

    /// <summary>The run has no request with that id.</summary>
    NotFound,

    /// <summary>The request was already answered or timed out; the response was not stored.</summary>
    NotPending,
}
