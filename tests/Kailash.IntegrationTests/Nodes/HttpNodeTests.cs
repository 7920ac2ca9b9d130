using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.Nodes;

/// <summary>HTTPRequestNode and RESTClientNode against a loopback server the test starts, on both runtimes.</summary>
public sealed class HttpNodeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HttpRequest_GetsJson_WithQueryAndHeaders(bool async)
    {
        await using var server = new LoopbackServer((request, _) => LoopbackServer.Json($$"""{"path": "{{request.Url!.AbsolutePath}}", "q": "{{request.QueryString["q"]}}", "auth": "{{request.Headers["X-Token"]}}"}"""));

        var outputs = await RunAsync("HTTPRequestNode", new() { ["url"] = server.BaseUrl + "/items", ["params"] = new Dictionary<string, object?> { ["q"] = "a b" }, ["headers"] = new Dictionary<string, object?> { ["X-Token"] = "t1" } }, async);

        Assert.True((bool)outputs["success"]!);
        Assert.Equal(200L, outputs["status_code"]);
        var response = (IReadOnlyDictionary<string, object?>)outputs["response"]!;
        var content = (IReadOnlyDictionary<string, object?>)response["content"]!;
        Assert.Equal("/items", content["path"]);
        Assert.Equal("a b", content["q"]);
        Assert.Equal("t1", content["auth"]);
        Assert.Equal("application/json", response["content_type"]);
        Assert.Equal("application/json", ((IReadOnlyDictionary<string, object?>)outputs["headers"]!)["content-type"]);
    }

    [Fact]
    public async Task HttpRequest_PostsJson_AndAnErrorStatusIsNotAFailure()
    {
        await using var server = new LoopbackServer((_, body) => new LoopbackServer.Reply(422, "text/plain", "bad: " + body));

        var outputs = await RunAsync("HTTPRequestNode", new() { ["url"] = server.BaseUrl + "/x", ["method"] = "POST", ["json_data"] = new Dictionary<string, object?> { ["n"] = 1L } }, async: true);

        Assert.False((bool)outputs["success"]!);
        Assert.Equal(422L, outputs["status_code"]);
        Assert.Equal("bad: {\"n\":1}", ((IReadOnlyDictionary<string, object?>)outputs["response"]!)["content"]);
        Assert.Equal("POST", Assert.Single(server.Requests).Method);
    }

    [Fact]
    public async Task HostNotAllowed_IsRefusedAtBuild_AndARedirectToAForbiddenHostIsNotFollowed()
    {
        await using var server = new LoopbackServer((request, _) => request.Url!.AbsolutePath == "/jump"
            ? new LoopbackServer.Reply(302, "text/plain", string.Empty) { Headers = new() { ["Location"] = "http://localhost:1/steal" } }
            : LoopbackServer.Json("{}"));
        var permissions = new WorkflowPermissions { AllowedHosts = [$"127.0.0.1:{server.Port}"] };

        var build = await Assert.ThrowsAsync<WorkflowValidationException>(() => RunAsync("HTTPRequestNode", new() { ["url"] = "http://example.com/" }, false, permissions));
        var redirect = await Assert.ThrowsAsync<WorkflowExecutionException>(() => RunAsync("HTTPRequestNode", new() { ["url"] = server.BaseUrl + "/jump" }, false, permissions));

        Assert.Contains(build.Errors, e => e.Code == ErrorCodes.HostNotAllowed);
        Assert.Equal(ErrorCodes.HostNotAllowed, redirect.Code);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ConnectionRefused_AndTimeout_AreCodedFailures()
    {
        await using var slow = new LoopbackServer((_, _) => LoopbackServer.Json("{}") with { Delay = TimeSpan.FromSeconds(5) });
        int closedPort;
        await using (var closed = new LoopbackServer((_, _) => LoopbackServer.Json("{}")))
        {
            closedPort = closed.Port;
        }

        var refused = await Assert.ThrowsAsync<WorkflowExecutionException>(() => RunAsync("HTTPRequestNode", new() { ["url"] = $"http://127.0.0.1:{closedPort}/" }, false));
        var timedOut = await Assert.ThrowsAsync<WorkflowExecutionException>(() => RunAsync("HTTPRequestNode", new() { ["url"] = slow.BaseUrl, ["timeout"] = 0.2 }, true));

        Assert.Equal(ErrorCodes.HttpRequestFailed, refused.Code);
        Assert.Equal(ErrorCodes.HttpRequestFailed, timedOut.Code);
        Assert.Contains("did not answer", timedOut.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RestClient_FillsPathParams_AndDecodesTheBody(bool async)
    {
        await using var server = new LoopbackServer((request, body) => LoopbackServer.Json($$"""{"path": "{{request.Url!.AbsolutePath}}", "method": "{{request.HttpMethod}}", "body": {{(body.Length == 0 ? "null" : body)}}}""", 201));

        var outputs = await RunAsync("RESTClientNode", new()
        {
            ["base_url"] = server.BaseUrl + "/api/",
            ["resource"] = "users/{id}/notes",
            ["path_params"] = new Dictionary<string, object?> { ["id"] = "a/b" },
            ["method"] = "PUT",
            ["data"] = new Dictionary<string, object?> { ["text"] = "hi" },
        }, async);

        var response = (IReadOnlyDictionary<string, object?>)outputs["response"]!;
        Assert.Equal("/api/users/a%2Fb/notes", response["path"]);
        Assert.Equal("PUT", response["method"]);
        Assert.Equal("hi", ((IReadOnlyDictionary<string, object?>)response["body"]!)["text"]);
        Assert.Equal(201L, outputs["status_code"]);
        Assert.True((bool)outputs["success"]!);
    }

    private static async Task<IReadOnlyDictionary<string, object?>> RunAsync(string type, Dictionary<string, object?> config, bool async, WorkflowPermissions? permissions = null)
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = permissions ?? WorkflowPermissions.Default;
        var workflow = new WorkflowBuilder("http", registry).AddNode(type, "call", config).Build();
        if (async)
        {
            await using var runtime = new AsyncLocalRuntime();
            return (await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken))["call"].Outputs;
        }

        using var sync = new LocalRuntime();
        return sync.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken)["call"].Outputs;
    }
}
