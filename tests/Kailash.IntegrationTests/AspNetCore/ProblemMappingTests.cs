using System.Net;
using System.Net.Http.Json;
using Kailash.AspNetCore;
using Kailash.Durability;
using Kailash.Expressions;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Validation;
using Kailash.Testing;
using Kailash.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// Every exception an endpoint lets escape becomes a problem-details response: coded Kailash exceptions of every kind
/// (not only <see cref="KailashException"/>) keep their KWF code with a fitting status; anything else is a 500 with
/// KWF182 that names no detail and carries no stack trace.
/// </summary>
public sealed class ProblemMappingTests(SampleServerFactory factory) : IClassFixture<SampleServerFactory>
{
    public static TheoryData<string, int, string> CodedExceptions => new()
    {
        { "validation", StatusCodes.Status400BadRequest, ErrorCodes.MissingRequiredInput },
        { "access", StatusCodes.Status403Forbidden, ErrorCodes.AccessDenied },
        { "store-missing", StatusCodes.Status404NotFound, ErrorCodes.RunNotFound },
        { "store-down", StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable },
        { "store-corrupt", StatusCodes.Status500InternalServerError, ErrorCodes.StoreCorrupt },
        { "finished", StatusCodes.Status409Conflict, ErrorCodes.ResumeFinishedRun },
        { "kailash", StatusCodes.Status400BadRequest, ErrorCodes.UnknownParameter },
        { "node-config", StatusCodes.Status400BadRequest, ErrorCodes.InvalidNodeConfig },
        { "expression", StatusCodes.Status400BadRequest, ExpressionSyntaxException.ErrorCode },
        { "options", StatusCodes.Status500InternalServerError, ErrorCodes.InvalidOptions },
        { "unexpected", StatusCodes.Status500InternalServerError, ErrorCodes.UnexpectedServerError },
    };

    private static Exception Make(string kind) => kind switch
    {
        "validation" => new WorkflowValidationException([new WorkflowError(ErrorCodes.MissingRequiredInput, "Node 'greet' needs 'name'.", "greet", "name")]),
        "access" => new WorkflowAccessDeniedException("payroll", "bob", "not a clerk"),
        "store-missing" => new RunStoreException(ErrorCodes.RunNotFound, "No run 'x'."),
        "store-down" => new RunStoreException(ErrorCodes.StoreUnavailable, "The store went away."),
        "store-corrupt" => new RunStoreException(ErrorCodes.StoreCorrupt, "Not a Kailash store."),
        "finished" => new KailashException(ErrorCodes.ResumeFinishedRun, "Run 'x' already finished."),
        "kailash" => new KailashException(ErrorCodes.UnknownParameter, "Unknown parameter 'nmae'."),
        "node-config" => new NodeConfigurationException(ErrorCodes.InvalidNodeConfig, "Bad 'limit'.", "limit"),
        "expression" => new ExpressionSyntaxException("a +", 3, "Unexpected end."),
        "options" => new InvalidRuntimeOptionsException(["MaxConcurrency must be at least 1."]),
        _ => new InvalidOperationException("connection string Password=hunter2 leaked"),
    };

    [Theory]
    [MemberData(nameof(CodedExceptions))]
    public void EachExceptionKind_KeepsItsCode_WithAFittingStatus(string kind, int status, string code)
    {
        var problem = Assert.IsType<ProblemHttpResult>(Problems.FromException(Make(kind)));

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(code, problem.ProblemDetails.Extensions["code"]);
        Assert.StartsWith(code, problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndpointOfTheGroupThatThrows_AnswersAProblem_NeverAStackTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = Loopback.Builder();
        builder.Services.AddKailash();
        await using var app = builder.Build();
        var group = app.MapKailash("/api");
        group.MapGet("/throws/{kind}", IResult (string kind) => throw Make(kind));
        await app.StartAsync(ct);
        using var client = Loopback.Client(app);

        var invalid = await ProblemAsync(await client.GetAsync("/api/throws/validation", ct), HttpStatusCode.BadRequest, ErrorCodes.MissingRequiredInput);
        Assert.Equal("greet", invalid.GetProperty("errors")[0].GetProperty("node").GetString());
        await ProblemAsync(await client.GetAsync("/api/throws/store-down", ct), HttpStatusCode.ServiceUnavailable, ErrorCodes.StoreUnavailable);
        await ProblemAsync(await client.GetAsync("/api/throws/node-config", ct), HttpStatusCode.BadRequest, ErrorCodes.InvalidNodeConfig);
        var unexpected = await ProblemAsync(await client.GetAsync("/api/throws/unexpected", ct), HttpStatusCode.InternalServerError, ErrorCodes.UnexpectedServerError);
        Assert.DoesNotContain("hunter2", unexpected.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("leaked", unexpected.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task AStoreThatGoesAwayMidRun_Is503WithItsCode()
    {
        var ct = TestContext.Current.CancellationToken;
        var dying = new CrashingRunStore(new InMemoryRunStore(), commitsBeforeCrash: 0);
        using var server = factory.WithWebHostBuilder(b => b.ConfigureServices(services => services.AddSingleton<IRunStore>(dying)));
        var client = server.CreateClient();

        var response = await client.PostAsJsonAsync("/kailash/workflows/greeting/runs?wait=true", new { parameters = new { name = "Ada" } }, ct);

        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable, ErrorCodes.StoreUnavailable);
        Assert.True(dying.Crashed);
        Assert.Contains("store", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
