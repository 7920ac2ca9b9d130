using System.Net;
using System.Net.Http.Json;
using System.Text;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary><c>app.MapKailash("/kailash")</c> in the ASP.NET Core sample, through WebApplicationFactory.</summary>
public sealed class KailashApiTests(SampleServerFactory factory) : IClassFixture<SampleServerFactory>
{
    private static readonly CancellationToken Token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListsTheServedWorkflows()
    {
        var client = factory.CreateClient();
        var workflows = await JsonAsync(await client.GetAsync("/kailash/workflows", Token));
        var ids = workflows.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.Equal(["greeting", "payroll", "slow"], ids);
        var greeting = await JsonAsync(await client.GetAsync("/kailash/workflows/greeting", Token));
        Assert.Equal(["greet", "measure"], greeting.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task StartAndWait_AnswersWithTheFinishedRun_NodesUseContainerServices()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/kailash/workflows/greeting/runs?wait=true", new { parameters = new { name = "Ada" } }, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await JsonAsync(response);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal("Hello, Ada!", run.GetProperty("results").GetProperty("greet").GetProperty("result").GetString());
        Assert.Equal("Hello, Ada!".Length, run.GetProperty("results").GetProperty("measure").GetProperty("length").GetInt64());
        Assert.Equal("completed", run.GetProperty("nodes").GetProperty("measure").GetString());
    }

    [Fact]
    public async Task StartWithoutWait_Answers202WithLocation_AndTheEventsStreamToTheEnd_AndResume()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/kailash/workflows/greeting/runs", new { parameters = new { name = "Grace" } }, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var runId = (await JsonAsync(response)).GetProperty("run_id").GetString();
        Assert.Equal($"/kailash/runs/{runId}", location);

        var events = await ReadEventsAsync(client, location + "/events");
        Assert.Equal("RunStarted", events[0].Type);
        Assert.Equal("RunCompleted", events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal(e.Id, e.Data.GetProperty("seq").GetInt64()));
        Assert.Equal(["greet", "measure"], events.Where(e => e.Type == "NodeCompleted").Select(e => e.Data.GetProperty("node_id").GetString()));

        var resumed = await ReadEventsAsync(client, location + "/events", lastEventId: 2);
        Assert.Equal(events.Skip(2).Select(e => (e.Id, e.Type)), resumed.Select(e => (e.Id, e.Type)));
        var fromQuery = await ReadEventsAsync(client, location + "/events?fromSeq=3");
        Assert.Equal(events.Skip(3).Select(e => (e.Id, e.Type)), fromQuery.Select(e => (e.Id, e.Type)));

        var run = await JsonAsync(await client.GetAsync(location, Token));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        var recent = await JsonAsync(await client.GetAsync("/kailash/runs?limit=1000", Token));
        Assert.Contains(runId, recent.EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
    }

    [Fact]
    public async Task BadInput_IsAProblemWithItsCode_NeverA500()
    {
        var client = factory.CreateClient();
        using var malformed = new StringContent("{\"parameters\": {\"name\": ", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs", malformed, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);

        using var array = new StringContent("[1, 2]", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs", array, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);

        var unknown = await ProblemAsync(await client.PostAsJsonAsync("/kailash/workflows/greetings/runs", new { }, Token), HttpStatusCode.NotFound, ErrorCodes.UnknownWorkflow);
        Assert.Contains("Did you mean 'greeting'?", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var wrongType = await ProblemAsync(
            await client.PostAsJsonAsync("/kailash/workflows/slow/runs", new { parameters = new { delay_ms = "soon" } }, Token),
            HttpStatusCode.BadRequest,
            ErrorCodes.CoercionFailed);
        Assert.Equal(ErrorCodes.CoercionFailed, wrongType.GetProperty("errors")[0].GetProperty("code").GetString());

        var missing = await ProblemAsync(await client.PostAsJsonAsync("/kailash/workflows/greeting/runs", new { }, Token), HttpStatusCode.BadRequest, ErrorCodes.MissingRequiredInput);
        Assert.Equal("greet", missing.GetProperty("errors")[0].GetProperty("node").GetString());

        using var huge = new StringContent($"{{\"parameters\": {{\"name\": \"{new string('x', 10_000)}\"}}}}", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs", huge, Token), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);

        await ProblemAsync(await client.GetAsync("/kailash/runs/no-such-run", Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.GetAsync("/kailash/runs/no-such-run/events", Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.PostAsync("/kailash/runs/no-such-run/cancel", null, Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.GetAsync("/kailash/runs/no-such-run/graph", Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.GetAsync("/kailash/runs/no-such-run/graph.svg", Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.PostAsJsonAsync("/kailash/runs/no-such-run/inputs/approval", new { value = true }, Token), HttpStatusCode.NotFound, ErrorCodes.UnknownRun);
        await ProblemAsync(await client.GetAsync("/kailash/workflows/no-such-workflow", Token), HttpStatusCode.NotFound, ErrorCodes.UnknownWorkflow);
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs?wait=maybe", JsonContent.Create(new { parameters = new { name = "Ada" } }), Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);
        using var unknownField = new StringContent("{\"params\": {\"name\": \"Ada\"}}", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs", unknownField, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);
        using var notAnObject = new StringContent("{\"parameters\": [1]}", Encoding.UTF8, "application/json");
        await ProblemAsync(await client.PostAsync("/kailash/workflows/greeting/runs", notAnObject, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);

        // A body without Content-Length (chunked) that grows past the limit is refused while it is read.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"parameters\": {{\"name\": \"{new string('y', 10_000)}\"}}}}")));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, "/kailash/workflows/greeting/runs") { Content = chunked };
        chunkedRequest.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await client.SendAsync(chunkedRequest, Token), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.RequestTooLarge);
        await ProblemAsync(await client.GetAsync("/kailash/runs?limit=lots", Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);

        var finished = await JsonAsync(await client.PostAsJsonAsync("/kailash/workflows/greeting/runs?wait=true", new { parameters = new { name = "Lin" } }, Token));
        var runId = finished.GetProperty("run_id").GetString();
        await ProblemAsync(await client.PostAsJsonAsync($"/kailash/runs/{runId}/inputs/approval", new { value = true }, Token), HttpStatusCode.Conflict, ErrorCodes.InputNotPending);
        await ProblemAsync(await client.PostAsync($"/kailash/runs/{runId}/cancel", null, Token), HttpStatusCode.Conflict, ErrorCodes.RunAlreadyFinished);
        using var badResume = new HttpRequestMessage(HttpMethod.Get, $"/kailash/runs/{runId}/events");
        badResume.Headers.Add("Last-Event-ID", "yesterday");
        await ProblemAsync(await client.SendAsync(badResume, Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);
        await ProblemAsync(await client.GetAsync($"/kailash/runs/{runId}/events?fromSeq=-1", Token), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequestBody);
    }

    [Fact]
    public async Task AuthorizationPolicies_FeedTheAccessPolicy_ACallerWithoutTheRoleGets403AndNothingRuns()
    {
        var client = factory.CreateClient();
        using var denied = new HttpRequestMessage(HttpMethod.Post, "/kailash/workflows/payroll/runs?wait=true") { Content = JsonContent.Create(new { parameters = new { hours = 10, rate = 20 } }) };
        denied.Headers.Add("X-Demo-User", "mallory");
        denied.Headers.Add("X-Demo-Roles", "sales");
        var problem = await ProblemAsync(await client.SendAsync(denied, Token), HttpStatusCode.Forbidden, ErrorCodes.AccessDenied);
        Assert.Contains("payroll-clerks", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var runs = await JsonAsync(await client.GetAsync("/kailash/runs?limit=1000", Token));
        Assert.DoesNotContain("payroll", runs.EnumerateArray().Select(r => r.GetProperty("workflow_id").GetString()));

        await ProblemAsync(
            await client.PostAsJsonAsync("/kailash/workflows/payroll/runs", new { parameters = new { hours = 10, rate = 20 } }, Token),
            HttpStatusCode.Forbidden,
            ErrorCodes.AccessDenied);

        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/kailash/workflows/payroll/runs?wait=true") { Content = JsonContent.Create(new { parameters = new { hours = 10, rate = 20 } }) };
        allowed.Headers.Add("X-Demo-User", "pat");
        allowed.Headers.Add("X-Demo-Roles", "payroll");
        var response = await client.SendAsync(allowed, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await JsonAsync(response);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(200, run.GetProperty("results").GetProperty("total").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Cancel_StopsARunningRun()
    {
        var client = factory.CreateClient();
        var started = await client.PostAsJsonAsync("/kailash/workflows/slow/runs", new { }, Token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();

        var cancel = await client.PostAsync(location + "/cancel", null, Token);
        Assert.True(cancel.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"cancel answered {(int)cancel.StatusCode}");
        var events = await ReadEventsAsync(client, location + "/events");
        Assert.Equal("RunCancelled", events[^1].Type);
        var run = await JsonAsync(await client.GetAsync(location, Token));
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(ErrorCodes.Cancelled, run.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheRunApi_AndHealthAndDashboardAnswer()
    {
        var client = factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json", Token);
        Assert.Contains("/kailash/workflows/{workflowId}/runs", document, StringComparison.Ordinal);
        Assert.Contains("KailashStartRun", document, StringComparison.Ordinal);
        Assert.Contains("run_id", document, StringComparison.Ordinal);
        Assert.Equal("Healthy", await client.GetStringAsync("/health", Token));
        var page = await client.GetStringAsync("/kailash/dashboard", Token);
        Assert.Contains("const api = \"/kailash\";", page, StringComparison.Ordinal);
    }
}
