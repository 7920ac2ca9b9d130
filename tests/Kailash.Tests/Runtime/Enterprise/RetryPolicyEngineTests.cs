using Kailash.Runtime.Enterprise;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class RetryPolicyEngineTests
{
    private sealed class TransientException(string message) : Exception(message);

    [Fact]
    public void IsRetriable_DefaultPolicy_RetriesAnythingButBuiltInNonRetriableTypes()
    {
        var engine = new RetryPolicyEngine(null);

        Assert.True(engine.IsRetriable(new InvalidOperationException("x")));
        Assert.True(engine.IsRetriable(new TimeoutException()));
        Assert.True(engine.IsRetriable(new TimeoutRejectedException()));
        Assert.False(engine.IsRetriable(new ArgumentNullException("p")));
        Assert.False(engine.IsRetriable(new NotSupportedException()));
        Assert.False(engine.IsRetriable(new KailashException(ErrorCodes.MissingInput, "missing")));
        Assert.False(engine.IsRetriable(new BrokenCircuitException()));
    }

    [Fact]
    public void IsRetriable_PolicyWithRetriableList_RetriesOnlyListedTypesAndSubclasses()
    {
        var engine = new RetryPolicyEngine(null);
        var policy = new RetryPolicyOptions { RetriableExceptions = { typeof(IOException) } };

        Assert.True(engine.IsRetriable(new FileNotFoundException(), policy));
        Assert.False(engine.IsRetriable(new InvalidOperationException("x"), policy));
    }

    [Fact]
    public void IsRetriable_NamesMatchFullOrShortNamesAlongTheBaseChain()
    {
        var engine = new RetryPolicyEngine(null);
        var policy = new RetryPolicyOptions { RetriableExceptionTypeNames = { "System.IO.IOException" } };
        var shortName = new RetryPolicyOptions { RetriableExceptionTypeNames = { "TransientException" } };

        Assert.True(engine.IsRetriable(new DirectoryNotFoundException(), policy));
        Assert.True(engine.IsRetriable(new TransientException("x"), shortName));
        Assert.False(engine.IsRetriable(new InvalidOperationException(), shortName));
    }

    [Fact]
    public void IsRetriable_NonRetriableRulesWinOverRetriableOnes()
    {
        var engine = new RetryPolicyEngine(null);
        var policy = new RetryPolicyOptions
        {
            RetriableMessagePatterns = { "timeout" },
            NonRetriableMessagePatterns = { "permanent" },
            NonRetriableExceptions = { typeof(TransientException) },
        };

        Assert.True(engine.IsRetriable(new InvalidOperationException("a timeout happened"), policy));
        Assert.False(engine.IsRetriable(new InvalidOperationException("a permanent timeout"), policy));
        Assert.False(engine.IsRetriable(new TransientException("timeout"), policy));
        Assert.False(engine.IsRetriable(new InvalidOperationException("other"), policy));
    }

    [Fact]
    public void AddRetriableException_OverridesBuiltInNonRetriableTypes_AndAddNonRetriableExcludes()
    {
        var engine = new RetryPolicyEngine(null);
        engine.AddRetriableException<ArgumentException>();
        engine.AddNonRetriableException<TransientException>();

        Assert.True(engine.IsRetriable(new ArgumentOutOfRangeException("p")));
        Assert.False(engine.IsRetriable(new TransientException("x")));
        Assert.True(engine.IsRetriable(new TransientException("x"), new RetryPolicyOptions { RetriableExceptions = { typeof(TransientException) } }));
        Assert.Equal([typeof(ArgumentException)], engine.RetriableExceptions);
        Assert.Throws<ArgumentException>(() => engine.AddRetriableException(typeof(string)));
    }

    [Fact]
    public void IsRetriable_CancelledRun_IsNeverRetried()
    {
        var engine = new RetryPolicyEngine(null);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var rules = new RetryRules(new RetryPolicyOptions());

        Assert.False(engine.IsRetriable(new OperationCanceledException(cts.Token), rules, cts.Token));
        Assert.True(engine.IsRetriable(new TaskCanceledException(), rules, CancellationToken.None));
    }

    [Fact]
    public void RegisterStrategy_ValidatesCopiesAndBumpsVersion()
    {
        var engine = new RetryPolicyEngine(null);
        var options = new RetryPolicyOptions { MaxAttempts = 4 };
        var before = engine.Version;

        engine.RegisterStrategy("db", options);
        options.MaxAttempts = 9;

        Assert.Equal(4, engine.GetStrategy("db")!.MaxAttempts);
        Assert.NotEqual(before, engine.Version);
        Assert.Equal(["db"], engine.StrategyNames);
        Assert.Throws<ArgumentException>(() => engine.RegisterStrategy("bad", new RetryPolicyOptions { BaseDelay = TimeSpan.FromSeconds(-1) }));
    }
}
