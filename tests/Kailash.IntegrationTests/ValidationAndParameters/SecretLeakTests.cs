using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.IntegrationTests.ValidationAndParameters;

/// <summary>
/// Runs a workflow that uses secrets in every way a node can (config reference, declared secret, a value passed for a
/// secret input), with nodes that echo, log, throw and mistype them, on both runtimes and in every validation mode.
/// Captures every log line, progress event, result, exception text, validation report and workflow export, and
/// searches all of it for the secret values.
/// </summary>
public sealed class SecretLeakTests
{
    private const string DbPassword = "Db-Pa55word-7731";
    private const string ApiKey = "api-key-9f8e7d6c";
    private const string PassedToken = "passed-token-42x";

    private static readonly Action<ILogger, object?, Exception?> LogValue = LoggerMessage.Define<object?>(LogLevel.Information, new EventId(1), "using credential {Credential}");
    private static readonly Action<ILogger, string, Exception?> LogText = LoggerMessage.Define<string>(LogLevel.Warning, new EventId(2), "{Text}");

    public static TheoryData<bool, ConnectionValidationMode, ErrorPolicy> Cases()
    {
        var data = new TheoryData<bool, ConnectionValidationMode, ErrorPolicy>();
        foreach (var isAsync in new[] { false, true })
        {
            foreach (var mode in Enum.GetValues<ConnectionValidationMode>())
            {
                data.Add(isAsync, mode, ErrorPolicy.Continue);
            }

            data.Add(isAsync, ConnectionValidationMode.Strict, ErrorPolicy.Stop);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NoSecretValue_AppearsInAnyOutputChannel(bool isAsync, ConnectionValidationMode mode, ErrorPolicy policy)
    {
        var logs = new CapturingLoggerFactory();
        var progress = new ConcurrentQueue<WorkflowProgress>();
        var options = new RuntimeOptions
        {
            ConnectionValidation = mode,
            ErrorPolicy = policy,
            LoggerFactory = logs,
            SecretProvider = new Secrets(),
            MaxConcurrency = 4,
            UserContext = new UserContext("ann"),
        };
        var workflow = Workflow();
        var parameters = new Dictionary<string, object?> { ["token"] = PassedToken, ["greeting"] = "hello" };
        var settings = new RunSettings { Progress = new SyncProgress(progress) };
        var channels = new StringBuilder();

        WorkflowRunResult result;
        try
        {
            if (isAsync)
            {
                await using var runtime = new AsyncLocalRuntime(options);
                result = await runtime.ExecuteAsync(workflow, parameters, settings, TestContext.Current.CancellationToken);
                channels.AppendLine(Describe(runtime.Validation.ValidateWorkflow(workflow, parameters)));
            }
            else
            {
                using var runtime = new LocalRuntime(options);
                result = runtime.Execute(workflow, parameters, settings, TestContext.Current.CancellationToken);
                channels.AppendLine(Describe(runtime.Validation.ValidateWorkflow(workflow, parameters)));
            }
        }
        catch (WorkflowExecutionException ex)
        {
            channels.AppendLine(ex.ToString());
            result = ex.Result;
        }

        channels.AppendLine(Describe(result));
        channels.AppendLine(logs.AllText);
        channels.AppendLine(string.Join(Environment.NewLine, progress));
        channels.AppendLine(Export(workflow));

        var text = channels.ToString();
        Assert.DoesNotContain(DbPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(PassedToken, text, StringComparison.Ordinal);

        // The channels were really exercised: the secrets flowed, were used, logged, thrown and echoed (masked).
        Assert.Contains(result.Results.Values, r => r.Status == NodeStatus.Failed);
        Assert.Contains("***", Describe(result), StringComparison.Ordinal);
        Assert.Contains("using credential ***", logs.AllText, StringComparison.Ordinal);
        if (policy == ErrorPolicy.Continue)
        {
            Assert.Equal(true, result["header"]["matches"]);
            Assert.Equal(ApiKey.Length, result["declared"]["length"]);
            Assert.Contains("{\"$secret\":\"DB_PASSWORD\"}", Export(workflow), StringComparison.Ordinal);
        }

        if (mode == ConnectionValidationMode.Warn)
        {
            Assert.Contains(logs.Lines, l => l.Text.Contains("KWF041", StringComparison.Ordinal));
        }
    }

    private static Workflow Workflow()
        => new WorkflowBuilder("secrets")
            .AddNode(
                "login",
                new LambdaNode(
                    (inputs, context) =>
                    {
                        var password = inputs.Get<string>("password");
                        LogValue(context.Logger, password, null);
                        LogText(context.Logger, $"connecting as ann:{password}@db", new InvalidOperationException("handshake with " + password));
                        return new Dictionary<string, object?>
                        {
                            ["password"] = password,
                            ["nested"] = new Dictionary<string, object?> { ["list"] = new List<object?> { "x", "pwd=" + password } },
                            ["token"] = inputs["token"],
                        };
                    },
                    [new NodeParameter("password", typeof(string)) { Required = true }, new NodeParameter("token", typeof(string)) { IsSecret = true }, new NodeParameter("greeting", typeof(string))],
                    ["password", "nested", "token"]),
                new() { ["password"] = new Dictionary<string, object?> { ["$secret"] = "DB_PASSWORD" } })
            .AddNode(
                "header",
                new LambdaNode(
                    (inputs, _) => new Dictionary<string, object?> { ["header"] = "Bearer " + inputs["password"], ["matches"] = Equals(inputs["password"], DbPassword) },
                    [new NodeParameter("password", typeof(string))],
                    ["header", "matches"]))
            .AddNode(
                "declared",
                new LambdaNode(
                    (inputs, _) => new Dictionary<string, object?> { ["length"] = inputs.Get<string>("api_key").Length, ["echo"] = inputs["api_key"] },
                    [new NodeParameter("api_key", typeof(string)) { IsSecret = true, Required = true }],
                    ["length", "echo"]))
            .AddNode(
                "boom",
                new LambdaNode(
                    (inputs, _) => throw new InvalidOperationException($"cannot log in with {inputs["password"]}", new ArgumentException("inner " + inputs["password"])),
                    [new NodeParameter("password", typeof(string))],
                    ["never"]))
            .AddNode(
                "mistyped",
                new LambdaNode(
                    (inputs, _) => new Dictionary<string, object?> { ["got"] = inputs.Get<long>("number") },
                    [new NodeParameter("number", typeof(long))],
                    ["got"]))
            .AddConnection("login", "password", "header", "password")
            .AddConnection("login", "password", "boom", "password")
            .AddConnection("login", "password", "mistyped", "number")
            .Build();

    private static string Describe(WorkflowRunResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(JsonSerializer.Serialize(result.User));
        foreach (var (id, node) in result.Results)
        {
            text.Append(id).Append(' ').Append(node.Status).Append(' ').Append(node.ErrorCode).Append(' ').Append(node.SkipReason).AppendLine();
            text.AppendLine(JsonSerializer.Serialize(node.Outputs));
            text.AppendLine(node.Error?.ToString());
        }

        return text.ToString();
    }

    private static string Describe(WorkflowValidationReport report)
        => string.Join(Environment.NewLine, report.Errors.Concat(report.Warnings).Select(e => e.ToString()));

    /// <summary>Every export of the workflow: the saved JSON and YAML files, the Mermaid diagram, and its raw model.</summary>
    private static string Export(Workflow workflow)
        => string.Join(
            Environment.NewLine,
            Kailash.Workflows.Serialization.WorkflowSerializer.ToJson(workflow),
            Kailash.Workflows.Serialization.WorkflowSerializer.ToYaml(workflow),
            Kailash.Workflows.Visualization.MermaidExporter.ToMermaid(workflow),
            JsonSerializer.Serialize(new
            {
                workflow.Id,
                Nodes = workflow.Nodes.Select(n => new { n.Id, n.TypeName, n.Config }),
                Connections = workflow.Connections.Select(c => c.ToString()),
            }));

    private sealed class Secrets : ISecretProvider
    {
        public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return name switch
            {
                "DB_PASSWORD" => DbPassword,
                "api_key" => ApiKey,
                _ => null,
            };
        }
    }

    private sealed class SyncProgress(ConcurrentQueue<WorkflowProgress> sink) : IProgress<WorkflowProgress>
    {
        public void Report(WorkflowProgress value) => sink.Enqueue(value);
    }
}
