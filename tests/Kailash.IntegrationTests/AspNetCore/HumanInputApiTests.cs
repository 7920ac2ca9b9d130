using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kailash.Nodes;
using Kailash.Workflows;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// Answering a human-input request over HTTP (<c>POST /kailash/runs/{runId}/inputs/{requestId}</c>) through
/// WebApplicationFactory: a served run suspends, the answer resumes it to completion, and every bad answer is a problem
/// with its KWF code.
/// </summary>
public sealed class HumanInputApiTests(HumanInputApiTests.ApprovalServerFactory factory) : IClassFixture<HumanInputApiTests.ApprovalServerFactory>
{
    private static readonly CancellationToken Token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASuspendedRun_IsAnsweredOverHttp_AndFinishes()
    {
        var client = factory.CreateClient();
        var started = await JsonAsync(await client.PostAsJsonAsync("/kailash/workflows/approval/runs?wait=true", new { }, Token));
        Assert.Equal("suspended", started.GetProperty("status").GetString());
        Assert.Equal("waiting", started.GetProperty("nodes").GetProperty("approve").GetString());
        var runId = started.GetProperty("run_id").GetString()!;

        var answer = await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/approve", new { value = true }, Token);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal($"/kailash/runs/{runId}", answer.Headers.Location!.ToString());

        var run = await FinishedAsync(client, runId);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(240, run.GetProperty("results").GetProperty("pay").GetProperty("result").GetInt64());

        await ProblemAsync(await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/approve", new { value = false }, Token), HttpStatusCode.Conflict, ErrorCodes.InputNotPending);
    }

    [Fact]
    public async Task BadAnswers_AreProblemsWithTheirCodes_AndTheRunStaysSuspended()
    {
        var client = factory.CreateClient();
        var started = await JsonAsync(await client.PostAsJsonAsync("/kailash/workflows/confirm/runs?wait=true", new { }, Token));
        var runId = started.GetProperty("run_id").GetString()!;
        Assert.Equal("suspended", started.GetProperty("status").GetString());

        await ProblemAsync(await client.PostAsJsonAsync("/kailash/runs/no-such-run/inputs/confirm", new { value = true }, Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        var unknown = await ProblemAsync(await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/confrim", new { value = true }, Token), HttpStatusCode.NotFound, ErrorCodes.InputRequestNotFound);
        Assert.Contains("confirm", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/confirm", new { value = "perhaps" }, Token), HttpStatusCode.BadRequest, ErrorCodes.InputResponseInvalid);
        await ProblemAsync(await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/confirm", new { answer = true }, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);
        using var malformed = new StringContent("{\"value\": ", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync($"/kailash/runs/{runId}/inputs/confirm", malformed, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);

        var run = await JsonAsync(await client.GetAsync($"/kailash/runs/{runId}", Token));
        Assert.Equal("suspended", run.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/confirm", new { value = true }, Token)).StatusCode);
        Assert.Equal("completed", (await FinishedAsync(client, runId)).GetProperty("status").GetString());
    }

    /// <summary>Reads the run until it has ended (the resume runs in the background); bounded, so a stuck run fails the test.</summary>
    private static async Task<System.Text.Json.JsonElement> FinishedAsync(HttpClient client, string runId)
    {
        for (var i = 0; i < 400; i++)
        {
            var run = await JsonAsync(await client.GetAsync($"/kailash/runs/{runId}", Token));
            if (run.GetProperty("status").GetString() is not ("running" or "suspended"))
            {
                return run;
            }

            await Task.Delay(25, Token);
        }

        throw new InvalidOperationException($"Run {runId} did not finish.");
    }

    /// <summary>The ASP.NET Core sample with two workflows that wait for a person: a SignalWaitNode, and a node asking for a boolean.</summary>
    public sealed class ApprovalServerFactory : WebApplicationFactory<Kailash.Samples.AspNetCore.GreetingNode>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureServices(services => services.AddKailash(kailash => kailash
                .AddNode<ConfirmNode>()
                .AddWorkflow(provider => new WorkflowBuilder("approval", provider.GetRequiredService<NodeRegistry>())
                    .AddNode("PassThroughNode", "amount", new() { ["data"] = 120L })
                    .AddNode("SignalWaitNode", "approve", new() { ["signal_name"] = "approval" })
                    .AddNode("ExpressionNode", "pay", new() { ["expression"] = "amount * 2 if approved else 0" })
                    .AddConnection("approve", "signal_data", "pay", "approved")
                    .AddConnection("amount", "data", "pay", "amount")
                    .Build())
                .AddWorkflow(provider => new WorkflowBuilder("confirm", provider.GetRequiredService<NodeRegistry>()).AddNode("ConfirmNode", "confirm").Build())));
        }
    }

    /// <summary>Asks for a boolean (so a non-boolean answer is refused).</summary>
    public sealed class ConfirmNode : Node
    {
        public override IReadOnlyList<string> GetOutputs() => ["confirmed"];

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
            => new Dictionary<string, object?> { ["confirmed"] = context.RequestInput<bool>("Confirm?") };
    }
}
