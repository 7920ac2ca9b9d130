using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class HealthTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewRuntime_IsHealthy_AndTheHealthCheckSaysSo()
    {
        using var runtime = new LocalRuntime();

        var report = runtime.Enterprise.GetHealthDiagnostics();
        var check = await runtime.Enterprise.CreateHealthCheck().CheckHealthAsync(new HealthCheckContext(), Token);

        Assert.Equal(RuntimeHealthStatus.Healthy, report.Status);
        Assert.Empty(report.Reasons);
        Assert.Equal(HealthStatus.Healthy, check.Status);
        Assert.Equal(0, check.Data["in_flight_runs"]);
    }

    [Fact]
    public async Task MostRunsFailing_IsUnhealthy_SomeFailing_IsDegraded()
    {
        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        var failing = Single("failing", Failing(() => new InvalidOperationException("x")));
        var fine = Single("fine", Flaky(0));
        for (var i = 0; i < 7; i++)
        {
            runtime.Execute(fine, cancellationToken: Token);
        }

        for (var i = 0; i < 3; i++)
        {
            runtime.Execute(failing, cancellationToken: Token);
        }

        var degraded = runtime.Enterprise.GetHealthDiagnostics();
        Assert.Equal(RuntimeHealthStatus.Degraded, degraded.Status);
        Assert.Equal(0.3, degraded.RecentFailureRate, 3);
        Assert.Equal(10, degraded.RecentRuns);

        for (var i = 0; i < 30; i++)
        {
            runtime.Execute(failing, cancellationToken: Token);
        }

        var check = await new RuntimeHealthCheck(runtime).CheckHealthAsync(new HealthCheckContext(), Token);
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains("of the last", check.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposedRuntime_IsUnhealthy()
    {
        var runtime = new AsyncLocalRuntime();
        runtime.Dispose();

        var report = runtime.Enterprise.GetHealthDiagnostics();

        Assert.Equal(RuntimeHealthStatus.Unhealthy, report.Status);
        Assert.True(report.IsDisposed);
    }
}
