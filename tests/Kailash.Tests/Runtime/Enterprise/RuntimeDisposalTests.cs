using Kailash.Runtime;
using Kailash.Runtime.Enterprise;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class RuntimeDisposalTests
{
    [Fact]
    public void Dispose_ReleasesResourceLimiters_AndIsIdempotent()
    {
        var options = new RuntimeOptions();
        options.Resources["db"] = new ResourceOptions { MaxConcurrency = 2, RateLimit = 5, RatePeriod = TimeSpan.FromSeconds(1) };
        var runtime = new LocalRuntime(options);
        Assert.True(runtime.Engine.Services.Enterprise.Resources.TryGet("db", out var resource));
        Assert.True(resource.Concurrency!.AttemptAcquire().IsAcquired);

        runtime.Dispose();
        runtime.Dispose();

        Assert.True(runtime.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => resource.Concurrency.AttemptAcquire());
        Assert.False(resource.Rate!.AttemptAcquire().IsAcquired);
    }
}
