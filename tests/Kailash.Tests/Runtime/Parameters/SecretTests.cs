using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Parameters;

public sealed class SecretTests
{
    private const string Password = "pa55-w0rd-XYZ";

    private static readonly Action<ILogger, object?, Exception?> Connecting = LoggerMessage.Define<object?>(LogLevel.Information, new EventId(1), "connecting with {Key}");

    [Fact]
    public async Task EnvironmentProvider_ReadsPrefixedUpperCaseName_ThenThePlainName()
    {
        var id = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var provider = new EnvironmentSecretProvider();
        Environment.SetEnvironmentVariable($"KAILASH_SECRET_DB_PASS_{id}", "prefixed");
        Environment.SetEnvironmentVariable($"PLAIN_{id}", "plain");
        try
        {
            Assert.Equal([$"KAILASH_SECRET_DB_PASS_{id}", $"DB_PASS_{id}"], provider.VariableNames($"db-pass.{id}"));
            Assert.Equal("prefixed", await provider.GetSecretAsync($"db-pass-{id}", TestContext.Current.CancellationToken));
            Assert.Equal("plain", await provider.GetSecretAsync($"plain-{id}", TestContext.Current.CancellationToken));
            Assert.Null(await provider.GetSecretAsync($"absent-{id}", TestContext.Current.CancellationToken));
        }
        finally
        {
            Environment.SetEnvironmentVariable($"KAILASH_SECRET_DB_PASS_{id}", null);
            Environment.SetEnvironmentVariable($"PLAIN_{id}", null);
        }
    }

    [Fact]
    public async Task ConfigurationProvider_ReadsTheSecretsSection_ThenRootKeys()
    {
        var configuration = new FakeConfiguration(new() { ["Secrets:DB"] = "from-section", ["API"] = "from-root" });
        var provider = new ConfigurationSecretProvider(configuration);

        Assert.Equal("from-section", await provider.GetSecretAsync("DB", TestContext.Current.CancellationToken));
        Assert.Equal("from-root", await provider.GetSecretAsync("API", TestContext.Current.CancellationToken));
        Assert.Null(await provider.GetSecretAsync("NONE", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SecretReferenceInConfig_IsResolvedAtInvocation_AndTheWorkflowKeepsTheReference()
    {
        var provider = new MemorySecrets(new() { ["DB_PASSWORD"] = Password });
        var workflow = new WorkflowBuilder("wf")
            .AddNode("db", Capture(P("password", typeof(string))), new() { ["password"] = new Dictionary<string, object?> { ["$secret"] = "DB_PASSWORD" } })
            .AddNode("check", new LambdaNode(i => Equals(i["password"], Password), [P("password")]))
            .AddConnection("db", "inputs.password", "check", "password")
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = provider });

        Assert.Equal(true, result["check"]["result"]);
        var reference = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(workflow.GetNode("db").Config["password"]);
        Assert.Equal("DB_PASSWORD", reference["$secret"]);
        Assert.Equal(1, provider.Calls["DB_PASSWORD"]);
    }

    [Fact]
    public void DeclaredSecrets_IsSecretParameterAndRequirement_AreFetchedWhenNothingElseSuppliesThem()
    {
        var provider = new MemorySecrets(new() { ["api_key"] = "k-111111", ["SERVICE_TOKEN"] = "t-222222" });
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", Capture(new NodeParameter("api_key", typeof(string)) { IsSecret = true, Required = true }))
            .AddNode("b", new SecretHungryNode())
            .Build();

        using var runtime = new LocalRuntime(new RuntimeOptions { SecretProvider = provider });
        var result = runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("***", InputsOf(result, "a")["api_key"]);
        Assert.Equal("t-222222".Length, result["b"]["length"]);
    }

    [Fact]
    public void ExplicitValue_BeatsADeclaredSecret_AndConfigOrConnectionWiredInputsAreNotFetched()
    {
        var provider = new MemorySecrets(new() { ["api_key"] = "from-provider" });
        var wired = new WorkflowBuilder("wf").AddNode("a", Capture(new NodeParameter("api_key", typeof(string)) { IsSecret = true }), new() { ["api_key"] = "from-config-1" }).Build();
        var passed = new WorkflowBuilder("wf").AddNode("a", new LambdaNode(i => i["api_key"], [new NodeParameter("api_key", typeof(string)) { IsSecret = true }])).Build();

        var options = new RuntimeOptions { SecretProvider = provider };
        var fromConfig = Run(wired, options: options);
        Assert.False(provider.Calls.ContainsKey("api_key"));

        var fromParameter = new BindingHarness(passed, new Dictionary<string, object?> { ["api_key"] = "from-parameter" }, options).Bind("a");

        Assert.Equal("***", InputsOf(fromConfig, "a")["api_key"]);
        Assert.Equal("from-parameter", fromParameter["api_key"]);
    }

    [Fact]
    public void MissingSecret_FailsTheNodeWithKwf033BeforeItRuns()
    {
        var ran = false;
        var workflow = new WorkflowBuilder("wf")
            .AddNode("db", new LambdaNode(_ => ran = true, [P("password")]), new() { ["password"] = new Dictionary<string, object?> { ["$secret"] = "NOPE" } })
            .Build();

        var withProvider = RunContinue(workflow, configure: o => o.SecretProvider = new MemorySecrets(new()));
        var withoutProvider = RunContinue(workflow);

        Assert.False(ran);
        Assert.Equal(ErrorCodes.MissingSecret, withProvider["db"].ErrorCode);
        Assert.Contains("needs the secret 'NOPE' for config 'password'", withProvider["db"].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("(MemorySecrets) has no secret 'NOPE'", withProvider["db"].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("no secret provider is configured (RuntimeOptions.SecretProvider)", withoutProvider["db"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOptionalSecret_LeavesTheInputUnset()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Capture(new NodeParameter("token", typeof(string)) { IsSecret = true })).Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = new MemorySecrets(new()) });

        Assert.False(InputsOf(result, "a").ContainsKey("token"));
    }

    [Fact]
    public void FailingProvider_GivesKwf033WithoutTheProvidersMessage()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Capture(new NodeParameter("token", typeof(string)) { IsSecret = true, Required = true })).Build();

        var result = RunContinue(workflow, configure: o => o.SecretProvider = new ThrowingSecrets());

        Assert.Equal(ErrorCodes.MissingSecret, result["a"].ErrorCode);
        Assert.Contains("the secret provider failed (InvalidOperationException)", result["a"].Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("vault", result["a"].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsynchronousProvider_CompletesInPlaceOnTheSyncRuntime()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Capture(P("p")), new() { ["p"] = new Dictionary<string, object?> { ["$secret"] = "S" } }).Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = new MemorySecrets(new() { ["S"] = "value-1234" }) { Delay = true } });

        Assert.Equal("***", InputsOf(result, "a")["p"]);
    }

    [Fact]
    public void EchoedSecret_IsMaskedInTheResult_ButDownstreamNodesReceiveTheRealValue()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("echo", new LambdaNode(i => new Dictionary<string, object?> { ["list"] = new List<object?> { "x", $"Bearer {i["key"]}" }, ["plain"] = "nothing secret" }, [P("key")]), new() { ["key"] = new Dictionary<string, object?> { ["$secret"] = "K" } })
            .AddNode("use", new LambdaNode(i => i.Get<Dictionary<string, object?>>("value")["list"] is List<object?> l && Equals(l[1], "Bearer " + Password), [P("value")]))
            .AddConnection("echo", "result", "use", "value")
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = new MemorySecrets(new() { ["K"] = Password }) });

        var echoed = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(result["echo"]["result"]);
        Assert.Equal(new object?[] { "x", "Bearer ***" }, Assert.IsAssignableFrom<IEnumerable<object?>>(echoed["list"]));
        Assert.Equal("nothing secret", echoed["plain"]);
        Assert.Equal(true, result["use"]["result"]);
    }

    [Fact]
    public void ErrorAndNodeLogsHoldingASecret_AreMasked()
    {
        var logs = new CapturingLoggerFactory();
        var workflow = new WorkflowBuilder("wf")
            .AddNode("boom", new LambdaNode(
                (i, context) =>
                {
                    Connecting(context.Logger, i["key"], null);
                    throw new InvalidOperationException($"login failed for key {i["key"]}", new ArgumentException("inner " + i["key"]));
                },
                [P("key")],
                ["result"]), new() { ["key"] = new Dictionary<string, object?> { ["$secret"] = "K" } })
            .Build();

        var result = RunContinue(workflow, configure: o =>
        {
            o.SecretProvider = new MemorySecrets(new() { ["K"] = Password });
            o.LoggerFactory = logs;
        });

        var error = result["boom"].Error!;
        Assert.Equal(ErrorCodes.NodeFailed, result["boom"].ErrorCode);
        Assert.Equal("InvalidOperationException: login failed for key *** ---> ArgumentException: inner ***", error.Message[(ErrorCodes.NodeFailed.Length + 2)..]);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, logs.AllText, StringComparison.Ordinal);
        Assert.Contains("connecting with ***", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortSecret_IsMaskedOnlyAsAWholeValue()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", new LambdaNode((i, _) => new Dictionary<string, object?> { ["same"] = i["pin"], ["text"] = "abc1" }, [P("pin")], ["same", "text"]), new() { ["pin"] = new Dictionary<string, object?> { ["$secret"] = "PIN" } })
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = new MemorySecrets(new() { ["PIN"] = "abc" }) });

        Assert.Equal("***", result["n"]["same"]);
        Assert.Equal("abc1", result["n"]["text"]);
    }

    [Fact]
    public void ValuePassedForASecretInput_IsMaskedLikeAFetchedSecret()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("a", Capture(new NodeParameter("api_key", typeof(string)) { IsSecret = true })).Build();

        var result = Run(workflow, new() { ["api_key"] = "user-given-key" });

        Assert.Equal("***", InputsOf(result, "a")["api_key"]);
    }

    private sealed class SecretHungryNode : Node
    {
        public override IReadOnlyList<NodeParameter> GetParameters() => [new NodeParameter("token", typeof(string)) { Required = true }];

        public override IReadOnlyList<string> GetOutputs() => ["length"];

        public override IReadOnlyList<SecretRequirement> GetSecretRequirements() => [new SecretRequirement("SERVICE_TOKEN", "token")];

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
            => new Dictionary<string, object?> { ["length"] = inputs.Get<string>("token").Length };
    }

    private sealed class ThrowingSecrets : ISecretProvider
    {
        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
            => throw new InvalidOperationException("vault unreachable");
    }

    private sealed class FakeConfiguration(Dictionary<string, string?> values) : IConfiguration
    {
        public string? this[string key]
        {
            get => values.GetValueOrDefault(key);
            set => values[key] = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() => [];

        public IChangeToken GetReloadToken() => throw new NotSupportedException();

        public IConfigurationSection GetSection(string key) => throw new NotSupportedException();
    }
}

/// <summary>An in-memory secret provider that counts lookups; optionally completes asynchronously.</summary>
internal sealed class MemorySecrets(Dictionary<string, string> values) : ISecretProvider
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public bool Delay { get; init; }

    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (Delay)
        {
            await Task.Yield();
        }

        return values.GetValueOrDefault(name);
    }
}
