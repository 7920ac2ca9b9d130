using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.ValidationAndParameters;

/// <summary>Validation and parameter handling together: what ValidateWorkflow predicts is what both runtimes do.</summary>
public sealed class ValidationWithParametersTests
{
    private static Workflow Workflow()
        => new WorkflowBuilder("orders")
            .AddNode("load", Capture(new NodeParameter("path", typeof(string)) { Required = true, WorkflowAlias = "file" }, new NodeParameter("limit", typeof(long)) { Default = 100L, HasDefault = true }))
            .AddNode("score", Capture(new NodeParameter("rows", typeof(object)) { Required = true }, new NodeParameter("mode", typeof(string)) { Choices = ["fast", "exact"] }, new NodeParameter("threshold", typeof(double))), new() { ["threshold"] = "${threshold}" })
            .AddNode("report", Capture(new NodeParameter("scores", typeof(object)), new NodeParameter("title", typeof(string))), new() { ["title"] = "Orders above ${threshold} (${mode})" })
            .AddConnection("load", "inputs", "score", "rows")
            .AddConnection("score", "inputs.threshold", "report", "scores")
            .Build();

    public static TheoryData<string, string[]> BadParameters() => new()
    {
        { """{"file": "a.csv", "threshold": 0.5, "mode": "fastest"}""", [ErrorCodes.InvalidChoice] },
        { """{"file": "a.csv", "threshold": "high", "mode": "fast"}""", [ErrorCodes.CoercionFailed] },
        { """{"threshold": 0.5, "mode": "fast"}""", [ErrorCodes.MissingRequiredInput] },
        { """{"file": "a.csv", "mode": "fast"}""", [ErrorCodes.UnresolvedTemplate] },
        { """{"file": "a.csv", "threshold": 0.5, "mode": "fast", "limt": 5}""", [ErrorCodes.UnknownParameter] },
        { """{"file": "a.csv", "threshold": 0.5, "mode": "fast", "load": {"limit": "all"}}""", [ErrorCodes.CoercionFailed] },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task ValidateWorkflow_PredictsTheCodeEveryRuntimeFailsWith(string json, string[] codes)
    {
        var parameters = Parse(json);
        var options = new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue };
        using var sync = new LocalRuntime(options);
        await using var parallel = new AsyncLocalRuntime(options);

        var report = sync.Validation.ValidateWorkflow(Workflow(), parameters);
        var syncCodes = Codes(() => sync.Execute(Workflow(), parameters, TestContext.Current.CancellationToken));
        var asyncCodes = Codes(() => parallel.ExecuteAsync(Workflow(), parameters, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult());

        Assert.Equal(codes, report.Errors.Select(e => e.Code).Distinct());
        Assert.Equal(codes, syncCodes);
        Assert.Equal(syncCodes, asyncCodes);
    }

    [Fact]
    public async Task SameParameters_GiveTheSameNodeInputs_OnBothRuntimes_AndMatchMapParameters()
    {
        var parameters = Parse("""{"file": "orders.csv", "threshold": "0.75", "mode": "exact", "load": {"limit": "25"}}""");
        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });

        Assert.True(sync.Validation.ValidateWorkflow(Workflow(), parameters).IsValid);
        var fromSync = sync.Execute(Workflow(), parameters, TestContext.Current.CancellationToken);
        var fromAsync = await parallel.ExecuteAsync(Workflow(), parameters, TestContext.Current.CancellationToken);
        var mapped = sync.Parameters.MapParameters(Workflow(), parameters);

        foreach (var id in new[] { "load", "score", "report" })
        {
            Assert.Equal(Inputs(fromSync, id), Inputs(fromAsync, id));
        }

        Assert.Equal(new Dictionary<string, object?> { ["limit"] = 25L, ["path"] = "orders.csv" }, Inputs(fromSync, "load"));
        Assert.Equal(0.75, Inputs(fromSync, "score")["threshold"]);
        Assert.Equal("exact", Inputs(fromSync, "score")["mode"]);
        Assert.Equal("Orders above 0.75 (exact)", Inputs(fromSync, "report")["title"]);
        Assert.Equal(mapped["load"], Inputs(fromSync, "load"));
    }

    private static Dictionary<string, object?> Parse(string json)
        => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

    private static IReadOnlyDictionary<string, object?> Inputs(WorkflowRunResult result, string id)
        => (IReadOnlyDictionary<string, object?>)result[id]["inputs"]!;

    private static string[] Codes(Func<WorkflowRunResult> run)
    {
        try
        {
            return [.. run().Results.Values.Where(r => r.ErrorCode is not null).Select(r => r.ErrorCode!).Distinct()];
        }
        catch (KailashException ex)
        {
            return [ex.Code];
        }
        catch (WorkflowValidationException ex)
        {
            // Refused before any node ran: every problem the parameters cause, as validation reports them.
            return [.. ex.Errors.Select(e => e.Code).Distinct()];
        }
    }

    private static LambdaNode Capture(params NodeParameter[] parameters)
        => new((inputs, _) => new Dictionary<string, object?> { ["inputs"] = new Dictionary<string, object?>(inputs) }, parameters, ["inputs"]);
}
