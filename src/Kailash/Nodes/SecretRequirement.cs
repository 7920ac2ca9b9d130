namespace Kailash.Nodes;

/// <summary>A secret a node needs: which secret to fetch and which input receives it.</summary>
/// <param name="SecretName">The name the secret provider knows the secret by (for example <c>DB_PASSWORD</c>).</param>
/// <param name="ParameterName">The input the secret value is bound to.</param>
/// <remarks>
/// The secret fills the input only when no config value, connection or parameter supplies it. Its value never appears
/// in results, events, runtime logs or exception messages.
/// </remarks>
public sealed record SecretRequirement(string SecretName, string ParameterName)
{
    /// <summary>Gets a value indicating whether the node can run without the secret (the input is then left unset).</summary>
    public bool Optional { get; init; }
}
