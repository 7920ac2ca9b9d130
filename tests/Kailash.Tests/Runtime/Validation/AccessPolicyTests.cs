using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Validation;

public sealed class AccessPolicyTests
{
    private int _calls;

    private Workflow Workflow()
        => new WorkflowBuilder("payroll")
            .AddNode("work", new LambdaNode((_, context) =>
            {
                Interlocked.Increment(ref _calls);
                return new Dictionary<string, object?> { ["user"] = context.UserContext?.UserId };
            }, null, ["user"]))
            .Build();

    [Fact]
    public void Denial_ThrowsKwf043_AndRunsNothing()
    {
        var policy = new RolePolicy("payroll-admin");
        using var runtime = new LocalRuntime(new RuntimeOptions { AccessPolicy = policy, UserContext = new UserContext("ann") { Roles = ["analyst"] } });

        var error = Assert.Throws<WorkflowAccessDeniedException>(() => runtime.Execute(Workflow(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.AccessDenied, error.Code);
        Assert.Equal(("payroll", "ann"), (error.WorkflowId, error.UserId));
        Assert.Equal("KWF043: Access denied: user 'ann' may not run workflow 'payroll': the role 'payroll-admin' is required. Please run it as a user the access policy allows.", error.Message);
        Assert.Equal(0, _calls);
        Assert.Equal("ann", Assert.Single(policy.Seen)!.UserId);
    }

    [Fact]
    public async Task PerCallUser_ReachesThePolicyAndEveryNode_OnBothRuntimes()
    {
        var policy = new RolePolicy("payroll-admin");
        var options = new RuntimeOptions { AccessPolicy = policy, UserContext = new UserContext("ann") };
        var settings = new RunSettings { UserContext = new UserContext("bob") { Roles = ["payroll-admin"] } };
        using var sync = new LocalRuntime(options);
        await using var parallel = new AsyncLocalRuntime(options);

        var first = sync.Execute(Workflow(), null, settings, TestContext.Current.CancellationToken);
        var second = await parallel.ExecuteAsync(Workflow(), null, settings, TestContext.Current.CancellationToken);

        Assert.Equal("bob", first["work"]["user"]);
        Assert.Equal("bob", second["work"]["user"]);
        Assert.Equal("bob", first.User!.UserId);
        Assert.All(policy.Seen, u => Assert.Equal("bob", u!.UserId));
    }

    [Fact]
    public async Task AsyncRuntime_SurfacesTheDenialAsAFaultedTask_WithTheSameMessage()
    {
        var options = new RuntimeOptions { AccessPolicy = new RolePolicy("x") { Async = true } };
        await using var runtime = new AsyncLocalRuntime(options);
        using var sync = new LocalRuntime(options);

        var pending = runtime.ExecuteAsync(Workflow(), cancellationToken: TestContext.Current.CancellationToken);
        var asyncError = await Assert.ThrowsAsync<WorkflowAccessDeniedException>(async () => await pending);
        var syncError = Assert.Throws<WorkflowAccessDeniedException>(() => sync.Execute(Workflow(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(syncError.Message, asyncError.Message);
        Assert.Contains("a run without a user context", syncError.Message, StringComparison.Ordinal);
        Assert.Equal(0, _calls);
    }

    [Fact]
    public void PolicyThatThrows_DeniesTheRun()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { AccessPolicy = new BrokenPolicy() });

        var error = Assert.Throws<WorkflowAccessDeniedException>(() => runtime.Execute(Workflow(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("the access policy failed (TimeoutException: directory down)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _calls);
    }

    [Fact]
    public void UserContext_IsSerializableIntoRunMetadata()
    {
        var user = new UserContext("ann") { Roles = ["a", "b"], Attributes = new Dictionary<string, object?> { ["tenant"] = "t1" } };
        using var runtime = new LocalRuntime(new RuntimeOptions { UserContext = user });

        var result = runtime.Execute(Workflow(), cancellationToken: TestContext.Current.CancellationToken);
        var json = System.Text.Json.JsonSerializer.Serialize(result.User);
        var back = System.Text.Json.JsonSerializer.Deserialize<UserContext>(json)!;

        Assert.Equal("""{"UserId":"ann","Roles":["a","b"],"Attributes":{"tenant":"t1"}}""", json);
        Assert.Equal("ann", back.UserId);
        Assert.Equal(["a", "b"], back.Roles);
        Assert.Equal("t1", back.Attributes["tenant"]?.ToString());
    }

    private sealed class RolePolicy(string role) : IWorkflowAccessPolicy
    {
        public List<UserContext?> Seen { get; } = [];

        public bool Async { get; init; }

        public async ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(request.User);
            }

            if (Async)
            {
                await Task.Yield();
            }

            return request.User?.Roles.Contains(role) == true ? WorkflowAccessDecision.Allowed : WorkflowAccessDecision.Deny($"the role '{role}' is required");
        }
    }

    private sealed class BrokenPolicy : IWorkflowAccessPolicy
    {
        public ValueTask<WorkflowAccessDecision> CheckAccessAsync(WorkflowAccessRequest request, CancellationToken cancellationToken)
            => throw new TimeoutException("directory down");
    }
}
