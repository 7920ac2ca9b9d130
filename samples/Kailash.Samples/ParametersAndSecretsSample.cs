using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>Both parameter formats, precedence, templates, secrets (fetched, injected, masked), unknown keys.</summary>
internal static class ParametersAndSecretsSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        var outcome = new SampleOutcome(nameof(ParametersAndSecretsSample));

        // <snippet:parameters-formats>
        var workflow = new WorkflowBuilder("pricing")
            .AddNode("ExpressionNode", "net", new() { ["expression"] = "price * quantity", ["quantity"] = 1 })
            .AddNode("ExpressionNode", "gross", new() { ["expression"] = "amount + amount * rate // 100", ["rate"] = 20 })
            .AddConnection("net", "result", "gross", "amount")
            .Build();

        var parameters = new Dictionary<string, object?>
        {
            ["price"] = 25,                                                  // workflow-level: every node declaring "price"
            ["quantity"] = 4,                                                // beats net's config value 1
            ["gross"] = new Dictionary<string, object?> { ["rate"] = 10 },   // node-specific: only "gross"
        };

        using var runtime = new LocalRuntime();
        WorkflowRunResult run = runtime.Execute(workflow, parameters);
        Console.WriteLine(run["net"]["result"]);                            // 100
        Console.WriteLine(run["gross"]["result"]);                          // 110

        IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> mapped = runtime.Parameters.MapParameters(workflow, parameters);
        Console.WriteLine(string.Join(", ", mapped["gross"]));              // [rate, 10]: what "gross" receives from parameters
        // </snippet:parameters-formats>

        outcome.Add("net", run["net"]["result"])
            .Add("gross", run["gross"]["result"])
            .Add("mapped.net", string.Join(", ", mapped["net"].Select(p => $"{p.Key}={p.Value}")))
            .Add("mapped.gross", string.Join(", ", mapped["gross"].Select(p => $"{p.Key}={p.Value}")));

        // <snippet:parameters-precedence>
        // A connection beats config; a workflow-level parameter beats the connection; a node-specific one beats both.
        WorkflowRunResult overridden = runtime.Execute(workflow, new Dictionary<string, object?>
        {
            ["price"] = 25,
            ["amount"] = 1000,                                                        // overrides the net -> gross connection
        });
        Console.WriteLine(overridden["gross"]["result"]);                             // 1200
        // </snippet:parameters-precedence>
        outcome.Add("precedence.gross", overridden["gross"]["result"]);

        // <snippet:parameters-templates>
        var report = new WorkflowBuilder("report")
            .AddNode("title", new LambdaNode(inputs => inputs["text"]),
                config: new() { ["text"] = "Sales for ${region} (${year})" })         // ${name} reads a parameter
            .Build();
        var titled = runtime.Execute(report, new Dictionary<string, object?> { ["region"] = "EMEA", ["year"] = 2024 });
        Console.WriteLine(titled["title"]["result"]);                                 // Sales for EMEA (2024)
        // </snippet:parameters-templates>
        outcome.Add("template", titled["title"]["result"]);

        // <snippet:parameters-unknown>
        string? problem = null;
        try
        {
            runtime.Execute(workflow, new Dictionary<string, object?> { ["prise"] = 25 });   // a typo
        }
        catch (KailashException ex) when (ex.Code == ErrorCodes.UnknownParameter)     // KWF030, before any node runs
        {
            problem = ex.Message;                                                     // names 'prise', suggests 'price'
        }
        // </snippet:parameters-unknown>

        outcome.Add("unknown.message", problem);

        await SecretsAsync(outcome);
        return outcome;
    }

    private static async Task SecretsAsync(SampleOutcome outcome)
    {
        // <snippet:secrets>
        var call = new WorkflowBuilder("call-api")
            .AddNode("call", new LambdaNode(inputs => $"GET /orders with key {inputs["api_key"]}"),
                config: new() { ["api_key"] = new Dictionary<string, object?> { ["$secret"] = "ORDERS_API_KEY" } })
            .Build();                                                     // the workflow (and any file saved from it) holds no value

        var options = new RuntimeOptions
        {
            SecretProvider = new InMemorySecretProvider(new Dictionary<string, string> { ["ORDERS_API_KEY"] = "k-7f3a9c" }),
            // or new EnvironmentSecretProvider(): KAILASH_SECRET_ORDERS_API_KEY, then ORDERS_API_KEY
        };
        await using var runtime = new AsyncLocalRuntime(options);
        WorkflowRunResult run = await runtime.ExecuteAsync(call);
        Console.WriteLine(run["call"]["result"]);                          // GET /orders with key ***
        // </snippet:secrets>

        // <snippet:secrets-declared>
        var declared = new LambdaNode(
            inputs => $"connected as {inputs["user"]}",
            [
                new NodeParameter("user", typeof(string)) { Required = true },
                new NodeParameter("db_password", typeof(string)) { Required = true, IsSecret = true },   // fetched as "db_password"
            ]);
        var connect = new WorkflowBuilder("connect")
            .AddNode("connect", declared, new() { ["user"] = "reporting" })
            .Build();

        await using var withoutProvider = new AsyncLocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        WorkflowRunResult missing = await withoutProvider.ExecuteAsync(connect);
        Console.WriteLine(missing["connect"].ErrorCode);                   // KWF033: no secret provider, the node did not run
        // </snippet:secrets-declared>

        var provided = new RuntimeOptions { SecretProvider = new InMemorySecretProvider(new Dictionary<string, string> { ["db_password"] = "hunter2-x" }) };
        using var local = new LocalRuntime(provided);
        var connected = local.Execute(connect);

        outcome.Add("secret.result", run["call"]["result"])
            .Add("secret.configKeepsReference", call.GetNode("call").Config["api_key"] is IReadOnlyDictionary<string, object?>)
            .Add("declared.missingCode", missing["connect"].ErrorCode)
            .Add("declared.result", connected["connect"]["result"]);
    }
}
