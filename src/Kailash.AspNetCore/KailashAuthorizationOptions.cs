namespace Kailash.AspNetCore;

/// <summary>
/// Which ASP.NET Core authorization policy guards which workflow. A run is allowed when the caller satisfies the
/// workflow's policy (or <see cref="DefaultPolicy"/>); a workflow with neither is open to every caller who reaches the endpoints.
/// </summary>
public sealed class KailashAuthorizationOptions
{
    /// <summary>Gets or sets the policy for workflows not named in <see cref="WorkflowPolicies"/>.</summary>
    public string? DefaultPolicy { get; set; }

    /// <summary>Gets the policy per workflow id.</summary>
    public IDictionary<string, string> WorkflowPolicies { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
