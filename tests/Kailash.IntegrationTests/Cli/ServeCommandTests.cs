using System.Net;
using System.Net.Http.Json;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.Cli;

/// <summary><c>kailash serve</c> over the examples folder on a free loopback port.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_HostsTheRunApiAndDashboard_UntilCancelled()
    {
        // Serve the plain examples (the code-node examples need --allow-code).
        await using var server = await ServeHarness.StartAsync(ServeHarness.ExamplesFolder("linear-pipeline.json", "fan-out-fan-in.yaml", "score-router.json"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        var workflows = await JsonAsync(await client.GetAsync("/kailash/workflows", TestContext.Current.CancellationToken));
        Assert.Contains("linear-pipeline", workflows.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        var run = await client.PostAsJsonAsync("/kailash/workflows/linear-pipeline/runs?wait=true", new { }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal("completed", (await JsonAsync(run)).GetProperty("status").GetString());
        Assert.Contains("Kailash runs", await client.GetStringAsync("/kailash/dashboard", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("Healthy", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));

        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Serve_RejectsAMissingFolderAndAnUnknownStore_WithExitCode2()
    {
        var missing = await CliHarness.RunAsync("serve", "--workflows", Path.Combine(CliHarness.RepositoryRoot, "no-such-folder"), "--store", "redis", "--port", "0");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"{ErrorCodes.InvalidHostingConfiguration}: Setting 'Kailash:WorkflowsDirectory'", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Kailash:Store' is 'redis'", missing.Stderr, StringComparison.Ordinal);
    }
}
