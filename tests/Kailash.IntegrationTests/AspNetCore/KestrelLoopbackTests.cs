using System.Net;
using System.Net.Http.Json;
using Kailash.IntegrationTests.Hosting;
using Kailash.Nodes;
using Kailash.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>The run API over a real Kestrel socket on loopback (port chosen by the OS): start, stream live, cancel.</summary>
public sealed class KestrelLoopbackTests
{
    [Fact]
    public async Task RunApi_OverARealSocket_StreamsLiveEventsOfARunningRun()
    {
        var builder = Loopback.Builder();
        builder.Services.AddSingleton<IGreeter, CountingGreeter>();
        builder.Services.AddKailash(kailash => kailash
            .AddNode<GreetingNode>()
            .AddNode<SlowNode>()
            .AddWorkflow(provider => new WorkflowBuilder("greet-then-wait", provider.GetRequiredService<NodeRegistry>())
                .AddNode("GreetingNode", "greet")
                .AddNode("SlowNode", "wait")
                .AddConnection("greet", "result", "wait", "label")
                .Build()));
        await using var app = builder.Build();
        app.MapKailash("/api");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = Loopback.Address(app);
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var started = await client.PostAsJsonAsync("/api/workflows/greet-then-wait/runs", new { parameters = new { name = "Kestrel" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();

        // Read the live stream while the run is still going: once "greet" has finished, cancel the run from a second request.
        using var request = new HttpRequestMessage(HttpMethod.Get, location + "/events");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var seen = new List<string>();
        var cancelled = false;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            seen.Add(line);
            if (!cancelled && line.Contains("\"type\":\"NodeStarted\"", StringComparison.Ordinal) && line.Contains("\"node_id\":\"wait\"", StringComparison.Ordinal))
            {
                // The run's record is the store's: "greet" completed, "wait" recorded as running once its start is committed.
                var run = await JsonAsync(await client.GetAsync(location, TestContext.Current.CancellationToken));
                for (var poll = 0; poll < 200 && run.GetProperty("nodes").GetProperty("wait").GetString() != "running"; poll++)
                {
                    await Task.Delay(10, TestContext.Current.CancellationToken);
                    run = await JsonAsync(await client.GetAsync(location, TestContext.Current.CancellationToken));
                }

                Assert.Equal("running", run.GetProperty("status").GetString());
                Assert.Equal("completed", run.GetProperty("nodes").GetProperty("greet").GetString());
                Assert.Equal("running", run.GetProperty("nodes").GetProperty("wait").GetString());
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync(location + "/cancel", null, TestContext.Current.CancellationToken)).StatusCode);
                cancelled = true;
            }
        }

        Assert.True(cancelled, "the stream never reported node 'wait' starting");
        Assert.Contains("\"type\":\"RunCancelled\"", seen[^1], StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
