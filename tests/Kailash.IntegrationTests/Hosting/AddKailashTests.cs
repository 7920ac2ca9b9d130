using Kailash.Hosting;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kailash.IntegrationTests.Hosting;

/// <summary><c>services.AddKailash()</c> in a real <see cref="HostApplicationBuilder"/>.</summary>
public sealed class AddKailashTests
{
    private static HostApplicationBuilder NewBuilder(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddLogging();
        return builder;
    }

    [Fact]
    public async Task NodesComeFromTheContainer_AndOptionsFromConfiguration()
    {
        var builder = NewBuilder(("Kailash:MaxConcurrency", "3"), ("Kailash:ErrorPolicy", "continue"), ("Kailash:RunTimeout", "00:01:00"));
        var greeter = new CountingGreeter();
        var clock = new FakeTimeProvider();
        builder.Services.AddSingleton<IGreeter>(greeter);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddKailash(kailash => kailash.AddNode<GreetingNode>("Greeting"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        var registry = host.Services.GetRequiredService<NodeRegistry>();
        var workflow = new WorkflowBuilder("greet", registry).AddNode("Greeting", "hello").Build();
        var runtime = host.Services.GetRequiredService<AsyncLocalRuntime>();
        var result = await runtime.ExecuteAsync(workflow, new Dictionary<string, object?> { ["name"] = "Ada" }, TestContext.Current.CancellationToken);

        Assert.Equal("Hello, Ada!", result["hello"]["result"]);
        Assert.Equal(1, greeter.Calls);
        Assert.Equal(3, runtime.Options.MaxConcurrency);
        Assert.Equal(ErrorPolicy.Continue, runtime.Options.ErrorPolicy);
        Assert.Equal(TimeSpan.FromMinutes(1), runtime.Options.RunTimeout);
        Assert.Same(clock, runtime.Options.TimeProvider);
        Assert.Same(host.Services.GetRequiredService<ILoggerFactory>(), runtime.Options.LoggerFactory);
        Assert.IsType<EnvironmentSecretProvider>(runtime.Options.SecretProvider);
        Assert.Equal(3, host.Services.GetRequiredService<LocalRuntime>().Options.MaxConcurrency);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task InvalidConfiguration_FailsStart_WithEveryProblemTogether()
    {
        var builder = NewBuilder(
            ("Kailash:MaxConcurrency", "lots"),
            ("Kailash:MaxStepz", "5"),
            ("Kailash:MaxSteps", "0"),
            ("Kailash:Store", "redis"),
            ("Kailash:ErrorPolicy", "sometimes"));
        builder.Services.AddKailash();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.All(error.Failures, failure => Assert.StartsWith(ErrorCodes.InvalidHostingConfiguration, failure, StringComparison.Ordinal));
        var text = string.Join("\n", error.Failures);
        Assert.Contains("'Kailash:MaxConcurrency' is 'lots', which is not a whole number", text, StringComparison.Ordinal);
        Assert.Contains("Unknown setting 'Kailash:MaxStepz'. Did you mean 'MaxSteps'?", text, StringComparison.Ordinal);
        Assert.Contains("MaxSteps must be at least 1", text, StringComparison.Ordinal);
        Assert.Contains("'Kailash:Store' is 'redis'", text, StringComparison.Ordinal);
        Assert.Contains("'Kailash:ErrorPolicy' is 'sometimes', which is not one of Stop, Continue", text, StringComparison.Ordinal);
        Assert.Equal(5, error.Failures.Count());
    }

    [Fact]
    public async Task SecretsFromConfiguration_AndAContainerProviderWins()
    {
        var builder = NewBuilder(("Kailash:Secrets", "configuration"), ("Secrets:api_key", "s3cret"));
        builder.Services.AddKailash();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var provider = host.Services.GetRequiredService<AsyncLocalRuntime>().Options.SecretProvider;
        Assert.Equal("s3cret", await provider!.GetSecretAsync("api_key", TestContext.Current.CancellationToken));
        await host.StopAsync(TestContext.Current.CancellationToken);

        var custom = NewBuilder(("Kailash:Secrets", "none"));
        custom.Services.AddKailash(kailash => kailash.UseSecretProvider<FixedSecrets>());
        using var customHost = custom.Build();
        Assert.IsType<FixedSecrets>(customHost.Services.GetRequiredService<LocalRuntime>().Options.SecretProvider);
    }

    [Fact]
    public async Task HealthCheck_ReportsTheRuntime_AndUnloadableWorkflowFiles()
    {
        var folder = Directory.CreateTempSubdirectory("kailash-hosting-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "good.json"), """{"workflow_id": "good", "nodes": [{"id": "a", "type": "PassThroughNode"}]}""", TestContext.Current.CancellationToken);
            var builder = NewBuilder(("Kailash:WorkflowsDirectory", folder.FullName));
            builder.Services.AddKailash();
            builder.Services.AddHealthChecks().AddKailash();
            using var host = builder.Build();
            await host.StartAsync(TestContext.Current.CancellationToken);
            var health = host.Services.GetRequiredService<HealthCheckService>();

            var healthy = await health.CheckHealthAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Healthy, healthy.Status);
            Assert.Equal(["good"], host.Services.GetRequiredService<WorkflowCatalog>().Ids);
            await host.StopAsync(TestContext.Current.CancellationToken);

            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.yaml"), "workflow_id: [", TestContext.Current.CancellationToken);
            using var second = NewBuilderWith(folder.FullName);
            var report = await second.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Contains(ErrorCodes.WorkflowFileRejected, report.Entries["kailash"].Description, StringComparison.Ordinal);
            Assert.Contains("broken.yaml", report.Entries["kailash"].Description, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IHost NewBuilderWith(string folder)
    {
        var builder = NewBuilder(("Kailash:WorkflowsDirectory", folder));
        builder.Services.AddKailash();
        builder.Services.AddHealthChecks().AddKailash();
        return builder.Build();
    }

    private sealed class FixedSecrets : ISecretProvider
    {
        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken) => ValueTask.FromResult<string?>("fixed");
    }
}
