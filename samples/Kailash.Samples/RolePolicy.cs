using Kailash.Runtime.Validation;

namespace Kailash.Samples;

// <snippet:access-policy>
/// <summary>Lets a run start only for users who have a role.</summary>
internal sealed class RolePolicy(string role) : IWorkflowAccessPolicy
{
    public ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken)
        => new(request.User?.Roles.Contains(role) == true
            ? WorkflowAccessDecision.Allowed
            : WorkflowAccessDecision.Deny($"the role '{role}' is required"));
}
// </snippet:access-policy>
