using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kailash.IntegrationTests.Enterprise;

/// <summary>The runtime's health check plugs into Microsoft.Extensions.Diagnostics.HealthChecks as is.</summary>
public sealed class HealthCheckRegistrationTests
{
    [Fact]
    public async Task HealthCheckService_ReportsTheRuntime_AndFollowsCircuitState()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var workflow = new WorkflowBuilder("health")
            .AddNode("n", new Kailash.Nodes.Code.LambdaNode(_ => 1L))
            .WithCircuitBreaker("n", new CircuitBreakerPolicyOptions { Key = "inventory" })
            .Build();
        runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks().AddCheck("kailash", new RuntimeHealthCheck(runtime), tags: ["ready"]);
        await using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        var healthy = await health.CheckHealthAsync(TestContext.Current.CancellationToken);
        runtime.Enterprise.IsolateCircuitBreaker("inventory");
        var degraded = await health.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        var entry = degraded.Entries["kailash"];
        Assert.Contains("Circuit 'inventory' is Open", entry.Description, StringComparison.Ordinal);
        Assert.Equal("Open", entry.Data["circuit:inventory"]);
    }
}
