using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using static Kailash.Tests.Runtime.Enterprise.Harness;

namespace Kailash.Tests.Runtime.Enterprise;

/// <summary>
/// <c>RegisterRetryStrategy</c> is safe (issue 11): names are checked (<c>KWF054</c>), an existing strategy is not
/// replaced silently (<c>KWF055</c>), and registering while runs are in flight never breaks a run.
/// </summary>
public sealed class RetryStrategyRegistrationTests
{
    private static readonly RetryPolicyOptions Five = new() { MaxAttempts = 5, BaseDelay = TimeSpan.Zero };

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("db retry", "has the character ' ' at position 2")]
    [InlineData("db/retry", "has the character '/' at position 2")]
    public void InvalidName_IsRefusedWithKwf054(string name, string problem)
    {
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<KailashException>(() => runtime.Enterprise.RegisterRetryStrategy(name, Five));

        Assert.Equal(ErrorCodes.InvalidRetryStrategyName, error.Code);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Please use 1–100 letters, digits", error.Message, StringComparison.Ordinal);
        Assert.Empty(runtime.Engine.Services.Enterprise.Retry.StrategyNames);
    }

    [Fact]
    public void TooLongName_IsRefusedWithKwf054()
    {
        var error = Assert.Throws<KailashException>(() => new RetryPolicyEngine(null).RegisterStrategy(new string('a', 101), Five));

        Assert.Equal(ErrorCodes.InvalidRetryStrategyName, error.Code);
        Assert.Contains("is 101 characters long (at most 100)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondRegistration_IsRefusedWithKwf055_UnlessReplaceIsAskedFor()
    {
        var engine = new RetryPolicyEngine(null);
        engine.RegisterStrategy("db", Five);
        var version = engine.Version;

        var error = Assert.Throws<KailashException>(() => engine.RegisterStrategy("db", new RetryPolicyOptions { MaxAttempts = 2 }));
        Assert.Equal(ErrorCodes.RetryStrategyExists, error.Code);
        Assert.Contains("pass replace: true", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, engine.GetStrategy("db")!.MaxAttempts);
        Assert.Equal(version, engine.Version);

        engine.RegisterStrategy("db", new RetryPolicyOptions { MaxAttempts = 2 }, replace: true);

        Assert.Equal(2, engine.GetStrategy("db")!.MaxAttempts);
        Assert.NotEqual(version, engine.Version);
    }

    [Fact]
    public async Task RegisteringWhileRunsAreInFlight_NeverBreaksARun()
    {
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4 });
        runtime.Enterprise.RegisterRetryStrategy("flaky", Five);
        var workflows = Enumerable.Range(0, 8).Select(i => Single($"registering-{i}", Flaky(1), b => b.WithRetry("n", "flaky"))).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var registering = Task.Run(
            () =>
            {
                var registrations = 0;
                while (!stop.IsCancellationRequested)
                {
                    runtime.Enterprise.RegisterRetryStrategy("flaky", new RetryPolicyOptions { MaxAttempts = 2 + (registrations++ % 4), BaseDelay = TimeSpan.Zero }, replace: true);
                    Thread.Yield();
                }

                return registrations;
            },
            TestContext.Current.CancellationToken);
        var runs = Enumerable.Range(0, 400).Select(i => runtime.ExecuteAsync(workflows[i % workflows.Length], cancellationToken: TestContext.Current.CancellationToken).AsTask()).ToArray();
        var results = await Task.WhenAll(runs);
        await stop.CancelAsync();
        var registrations = await registering;

        Assert.True(registrations > 0);
        Assert.All(results, r => Assert.Equal(WorkflowRunStatus.Completed, r.Status));
        Assert.All(results, r => Assert.Equal(2, r["n"].Attempts));
    }
}
