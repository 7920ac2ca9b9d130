namespace Kailash.Runtime.Engine;

/// <summary>
/// Masks a run's secrets by value. The parameters concern implements it (its per-run secrets); the engine hands it to
/// every other concern that emits something (spans, retry logs), so none of them depends on the parameters concern.
/// </summary>
internal interface ISecretMasker
{
    /// <summary>What a masked secret is replaced with.</summary>
    const string Mask = "***";

    /// <summary>Gets a value indicating whether the run has any secret value to mask.</summary>
    bool HasValues { get; }

    /// <summary>Returns the value with every secret (substrings included) replaced by <see cref="Mask"/>.</summary>
    object? MaskObject(object? value);

    /// <summary>Returns the exception, or a copy whose message has every secret masked.</summary>
    Exception MaskError(Exception error);
}
