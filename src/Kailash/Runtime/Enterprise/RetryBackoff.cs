namespace Kailash.Runtime.Enterprise;

/// <summary>How the delay between retry attempts grows.</summary>
public enum RetryBackoff
{
    /// <summary>The delay doubles after each attempt: <c>BaseDelay × 2^(n-1)</c>, capped by <c>MaxDelay</c>.</summary>
    Exponential,

    /// <summary>The delay grows by <c>BaseDelay</c> after each attempt: <c>BaseDelay × n</c>, capped by <c>MaxDelay</c>.</summary>
    Linear,

    /// <summary>Every retry waits <c>BaseDelay</c>.</summary>
    Constant,
}
