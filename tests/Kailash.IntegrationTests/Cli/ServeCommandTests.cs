using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Kailash.Cli;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.Cli;

/// <summary><c>kailash serve</c> over the examples folder on a free loopback port.</summary>
public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_HostsTheRunApiAndDashboard_UntilCancelled()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // Serve the plain examples (the code-node examples need --allow-code, which serve does not grant).
        var folder = Directory.CreateTempSubdirectory("kailash-serve-").FullName;
        foreach (var name in new[] { "linear-pipeline.json", "fan-out-fan-in.yaml", "score-router.json" })
        {
            var source = Path.Combine(CliHarness.RepositoryRoot, "examples", name);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(folder, name));
            }
        }

        var serving = Task.Run(() => KailashCommand.InvokeAsync(["serve", "--workflows", folder, "--port", "0"], TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), interactive: false, stop.Token));

        string? address = null;
        while (address is null && !serving.IsCompleted)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            address = Address().Match(stdout.ToString()) is { Success: true } match ? match.Groups[1].Value : null;
        }

        Assert.True(address is not null, $"serve did not start: {stderr}");
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var workflows = await JsonAsync(await client.GetAsync("/kailash/workflows", TestContext.Current.CancellationToken));
        Assert.Contains("linear-pipeline", workflows.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        var run = await client.PostAsJsonAsync("/kailash/workflows/linear-pipeline/runs?wait=true", new { }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal("completed", (await JsonAsync(run)).GetProperty("status").GetString());
        Assert.Contains("Kailash runs", await client.GetStringAsync("/kailash/dashboard", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal("Healthy", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));

        await stop.CancelAsync();
        Assert.Equal(0, await serving);
    }

    [Fact]
    public async Task Serve_RejectsAMissingFolderAndAnUnknownStore_WithExitCode2()
    {
        var missing = await CliHarness.RunAsync("serve", "--workflows", Path.Combine(CliHarness.RepositoryRoot, "no-such-folder"), "--store", "redis", "--port", "0");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"{ErrorCodes.InvalidHostingConfiguration}: Setting 'Kailash:WorkflowsDirectory'", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Kailash:Store' is 'redis'", missing.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"at (http://127\.0\.0\.1:\d+)/kailash")]
    private static partial Regex Address();
}
