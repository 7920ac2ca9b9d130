using System.Reflection;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary>A runtime keeps a deep, read-only copy of its options: nothing changed afterwards reaches its runs.</summary>
public sealed class RuntimeOptionsReadOnlyTests
{
    public static TheoryData<bool> Runtimes => [true, false];

    [Fact]
    public void EverySetting_OfARuntimesOptions_RefusesChanges()
    {
        using var runtime = new LocalRuntime(FullOptions());
        var options = runtime.Options;

        Assert.True(options.IsReadOnly);
        AssertEverySetterRefuses(options);
        AssertEverySetterRefuses(options.DefaultRetryPolicy!);
        AssertEverySetterRefuses(options.DefaultCircuitBreaker!);
        AssertEverySetterRefuses(options.ResourceLimits!);
        AssertEverySetterRefuses(options.Resources["db"]);
        Assert.ThrowsAny<NotSupportedException>(() => options.Resources.Add("other", new ResourceOptions { MaxConcurrency = 1 }));
        Assert.ThrowsAny<NotSupportedException>(() => options.DefaultRetryPolicy!.RetriableExceptions.Add(typeof(TimeoutException)));
        Assert.ThrowsAny<NotSupportedException>(() => options.DefaultRetryPolicy!.RetriableMessagePatterns.Clear());
    }

    [Fact]
    public void SettingMaxSteps_OnARuntimesOptions_ThrowsWithCode()
    {
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<InvalidOperationException>(() => runtime.Options.MaxSteps = 1);

        Assert.StartsWith(ErrorCodes.OptionsReadOnly, error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSteps", error.Message, StringComparison.Ordinal);
        Assert.Equal(RuntimeOptions.DefaultMaxSteps, runtime.Options.MaxSteps);
    }

    [Fact]
    public void ARuntimesOptions_CanSeedANewRuntime_AndClonesAreWritable()
    {
        using var first = new LocalRuntime(new RuntimeOptions { MaxSteps = 7 });
        using var second = new AsyncLocalRuntime(first.Options);

        Assert.Equal(7, second.Options.MaxSteps);
        var copy = first.Options.DefaultRetryPolicy?.Clone() ?? new RetryPolicyOptions();
        copy.MaxAttempts = 2;
        Assert.False(copy.IsReadOnly);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ChangingTheCallersPolicyObject_AfterConstruction_DoesNotAffectRuns(bool sync)
    {
        var policy = new RetryPolicyOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, UseJitter = false };
        using var runtime = Harness.Create(sync, new RuntimeOptions { DefaultRetryPolicy = policy, MaxSteps = 10 });
        policy.MaxAttempts = 1;
        policy.NonRetriableExceptions.Add(typeof(InvalidOperationException));

        var (result, thrown) = await Harness.RunAsync(runtime, new WorkflowBuilder("flaky").AddNode("flaky", Harness.Flaky(2)).Build(), TestContext.Current.CancellationToken);

        Assert.Null(thrown);
        Assert.Equal(3, result["flaky"].Attempts);
        Assert.Equal(3L, result["flaky"]["result"]);
    }

    private static RuntimeOptions FullOptions() => new()
    {
        DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, RetriableMessagePatterns = { "transient" } },
        DefaultCircuitBreaker = new CircuitBreakerPolicyOptions(),
        ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 4 },
        Resources = { ["db"] = new ResourceOptions { MaxConcurrency = 2 } },
    };

    private static void AssertEverySetterRefuses(object target)
    {
        var setters = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).ToList();
        Assert.NotEmpty(setters);
        foreach (var property in setters)
        {
            var error = Assert.Throws<TargetInvocationException>(() => property.SetValue(target, property.GetValue(target)));
            var inner = Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Contains($"'{property.Name}'", inner.Message, StringComparison.Ordinal);
        }
    }
}
