using Kailash.Runtime.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Kailash.AspNetCore;

/// <summary>An <see cref="IWorkflowAccessPolicy"/> answered by ASP.NET Core authorization policies.</summary>
internal sealed class AuthorizationWorkflowAccessPolicy(IAuthorizationService authorization, IOptions<KailashAuthorizationOptions> options) : IWorkflowAccessPolicy
{
    public async ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var policy = settings.WorkflowPolicies.TryGetValue(request.Workflow.Id, out var named) ? named : settings.DefaultPolicy;
        if (policy is null)
        {
            return WorkflowAccessDecision.Allowed;
        }

        var principal = ClaimsUsers.ToPrincipal(request.User);
        var result = await authorization.AuthorizeAsync(principal, request.Workflow, policy).ConfigureAwait(false);
        return result.Succeeded
            ? WorkflowAccessDecision.Allowed
            : WorkflowAccessDecision.Deny($"User '{request.User?.UserId ?? "anonymous"}' does not satisfy the authorization policy '{policy}' of workflow '{request.Workflow.Id}'.");
    }
}
