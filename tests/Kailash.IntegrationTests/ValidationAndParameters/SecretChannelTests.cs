using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Events;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.IntegrationTests.ValidationAndParameters;

/// <summary>
/// The secret-leak test over every channel the runtime emits on, on both runtimes: node logs and their scopes, the
/// runtime's own logs (retries at Debug), spans (names, tags, events, status, inputs and outputs with
/// <c>EnableSensitiveData</c>), metric tags, node and run events, progress, results and exception text. The secret
/// reaches nodes through an undeclared input bound from a <c>{"$secret": NAME}</c> config value, and flows on inside
/// derived values ("GET /orders with key …").
/// </summary>
public sealed class SecretChannelTests
{
    private const string ApiKey = "k-7f3a9c-orders";

    private static readonly Func<ILogger, object?, IDisposable?> KeyScope = LoggerMessage.DefineScope<object?>("key={Key}");
    private static readonly Action<ILogger, Exception?> Calling = LoggerMessage.Define(LogLevel.Information, new EventId(1), "calling the orders API");

    public static TheoryData<bool, ErrorPolicy> Cases => new()
    {
        { false, ErrorPolicy.Continue }, { true, ErrorPolicy.Continue }, { false, ErrorPolicy.Stop }, { true, ErrorPolicy.Stop },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NoChannel_CarriesTheSecret(bool isAsync, ErrorPolicy policy)
    {
        var channels = new Channels();
        await using var store = new InMemoryRunStore();
        using var spans = channels.ListenToSpans();
        using var meters = channels.ListenToMeters();
        var options = new RuntimeOptions
        {
            ErrorPolicy = policy,
            EnableSensitiveData = true,
            LoggerFactory = channels,
            SecretProvider = new OneSecret(),
            DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, UseJitter = false },
            RunStore = store,
        };
        var settings = new RunSettings
        {
            Progress = new Collect<WorkflowProgress>(channels.Progress),
            OnEvent = e => channels.Events.Enqueue(RunEventJson.Serialize(e)),
        };

        WorkflowRunResult result;
        try
        {
            if (isAsync)
            {
                await using var runtime = new AsyncLocalRuntime(options);
                using var nodes = runtime.Analytics.OnNodeCompleted(e => channels.Events.Enqueue(Describe(e)));
                using var runs = runtime.Analytics.OnRunCompleted(e => channels.Events.Enqueue(Describe(e.Result)));
                result = await runtime.ExecuteAsync(Workflow(), null, settings, TestContext.Current.CancellationToken);
            }
            else
            {
                using var runtime = new LocalRuntime(options);
                using var nodes = runtime.Analytics.OnNodeCompleted(e => channels.Events.Enqueue(Describe(e)));
                using var runs = runtime.Analytics.OnRunCompleted(e => channels.Events.Enqueue(Describe(e.Result)));
                result = runtime.Execute(Workflow(), null, settings, TestContext.Current.CancellationToken);
            }
        }
        catch (WorkflowExecutionException ex)
        {
            channels.Thrown.Enqueue(ex.ToString());
            result = ex.Result;
        }

        channels.Events.Enqueue(Describe(result));
        await ReadStore(store, result.RunId, channels.Events);
        var text = channels.AllText(result.RunId);

        Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);

        // Every channel was really exercised, with the secret masked in place.
        Assert.Contains("GET /orders with key ***", Describe(result), StringComparison.Ordinal);
        Assert.Contains(channels.Logs, l => l.Contains("scope: key=***", StringComparison.Ordinal));
        Assert.Contains(channels.Logs, l => l.Contains("scope: request GET /orders with key ***", StringComparison.Ordinal));
        Assert.Contains(channels.Logs, l => l.Contains("Kailash.Runtime", StringComparison.Ordinal) && l.Contains("retried", StringComparison.Ordinal) && l.Contains("***", StringComparison.Ordinal));
        Assert.Contains(channels.Spans, s => s.Contains(KailashTelemetry.InputsTag, StringComparison.Ordinal) && s.Contains("with key ***", StringComparison.Ordinal));
        Assert.Contains(channels.Spans, s => s.Contains(KailashTelemetry.InputsTag + "=" + "{\"api_key\":\"***\"", StringComparison.Ordinal));
        Assert.NotEmpty(channels.Metrics);
        Assert.Equal(2, result["send"].Attempts);
        Assert.Equal(NodeStatus.Failed, result["boom"].Status);
        if (policy == ErrorPolicy.Stop)
        {
            Assert.Contains(channels.Thrown, t => t.Contains("refused: sent GET /orders with key ***", StringComparison.Ordinal));
        }
    }

    private static Workflow Workflow()
        => new WorkflowBuilder("call-api")
            .AddNode(
                "call",
                new LambdaNode(
                    (inputs, context) =>
                    {
                        using (KeyScope(context.Logger, inputs["api_key"]))
                        using (context.Logger.BeginScope("request GET /orders with key " + inputs["api_key"]))
                        {
                            Calling(context.Logger, null);
                        }

                        return new Dictionary<string, object?> { ["result"] = $"GET /orders with key {inputs["api_key"]}" };
                    },
                    null,
                    ["result"]),
                new() { ["api_key"] = new Dictionary<string, object?> { ["$secret"] = "ORDERS_API_KEY" } })
            .AddNode(
                "send",
                new LambdaNode(
                    (inputs, context) => context.Attempt == 1
                        ? throw new InvalidOperationException("transient failure sending " + inputs["request"])
                        : new Dictionary<string, object?> { ["result"] = "sent " + inputs["request"] },
                    [new NodeParameter("request", typeof(string)) { Required = true }],
                    ["result"]))
            .AddNode(
                "boom",
                new LambdaNode(
                    (inputs, _) => throw new ArgumentException("refused: " + inputs["request"]),
                    [new NodeParameter("request", typeof(string))],
                    ["result"]))
            .AddConnection("call", "result", "send", "request")
            .AddConnection("send", "result", "boom", "request")
            .Build();

    /// <summary>The run store is a channel too: the run row, its events and every node row (outputs, errors, state).</summary>
    private static async Task ReadStore(InMemoryRunStore store, string runId, ConcurrentQueue<string> sink)
    {
        var ct = TestContext.Current.CancellationToken;
        var run = await store.GetRunAsync(runId, ct);
        Assert.NotNull(run);
        sink.Enqueue($"{run.Definition} {run.Parameters} {run.Error}");
        var events = await store.ReadEventsAsync(runId, 0, 100_000, ct);
        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            sink.Enqueue($"{e.Type} {e.NodeId} {e.Payload}");
        }

        foreach (var node in await store.GetNodeExecutionsAsync(runId, 0, ct))
        {
            sink.Enqueue($"{node.NodeId} {node.Error} {(node.Outputs is null ? null : Encoding.UTF8.GetString(node.Outputs))} {(node.State is null ? null : Encoding.UTF8.GetString(node.State))}");
        }
    }

    private static string Describe(NodeCompletedEvent e)
        => $"{e.NodeId} {e.Status} {e.ErrorCode} {e.Error} {JsonSerializer.Serialize(e.Outputs)}";

    private static string Describe(WorkflowRunResult result)
    {
        var text = new StringBuilder();
        foreach (var (id, node) in result.Results)
        {
            text.Append(id).Append(' ').Append(node.Status).Append(' ').Append(JsonSerializer.Serialize(node.Outputs)).Append(' ').AppendLine(node.Error?.ToString());
        }

        return text.ToString();
    }

    private sealed class OneSecret : ISecretProvider
    {
        public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
            => new(name == "ORDERS_API_KEY" ? ApiKey : null);
    }

    private sealed class Collect<T>(ConcurrentQueue<T> sink) : IProgress<T>
    {
        public void Report(T value) => sink.Enqueue(value);
    }

    /// <summary>Captures every channel: logs with their scopes, spans, metric tags, events, progress and thrown exceptions.</summary>
    private sealed class Channels : ILoggerFactory
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        public ConcurrentQueue<string> Spans { get; } = new();

        public ConcurrentQueue<string> Metrics { get; } = new();

        public ConcurrentQueue<string> Events { get; } = new();

        public ConcurrentQueue<WorkflowProgress> Progress { get; } = new();

        public ConcurrentQueue<string> Thrown { get; } = new();

        public string AllText(string runId)
            => string.Join(Environment.NewLine, [.. Logs, .. Spans.Where(s => s.Contains(runId, StringComparison.Ordinal)), .. Metrics, .. Events, .. Progress.Select(p => p.ToString()), .. Thrown]);

        public ActivityListener ListenToSpans()
        {
            var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == KailashTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = new StringBuilder().Append(activity.OperationName).Append(" | ").Append(activity.DisplayName).Append(" | ").Append(activity.StatusDescription);
                    foreach (var tag in activity.TagObjects)
                    {
                        text.Append(" | ").Append(tag.Key).Append('=').Append(tag.Value);
                    }

                    foreach (var e in activity.Events)
                    {
                        text.Append(" | event ").Append(e.Name).Append(string.Concat(e.Tags.Select(t => $" {t.Key}={t.Value}")));
                    }

                    Spans.Enqueue(text.ToString());
                },
            };
            ActivitySource.AddActivityListener(listener);
            return listener;
        }

        public MeterListener ListenToMeters()
        {
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Name == KailashTelemetry.MeterName)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Metrics.Enqueue(instrument.Name + string.Concat(tags.ToArray().Select(t => $" {t.Key}={t.Value}"))));
            listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Metrics.Enqueue(instrument.Name + string.Concat(tags.ToArray().Select(t => $" {t.Key}={t.Value}"))));
            listener.Start();
            return listener;
        }

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Channels owner, string category) : ILogger
        {
            private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                var parent = _scopes.Value;
                _scopes.Value = new ImmutableScopes(state.ToString() ?? string.Empty, parent);
                return new Pop(() => _scopes.Value = parent);
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder().Append(category).Append(' ').Append(logLevel).Append(": ").Append(formatter(state, exception));
                if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
                {
                    text.Append(" | ").Append(string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}")));
                }

                for (var scope = _scopes.Value; scope is not null; scope = scope.Parent)
                {
                    text.Append(" | scope: ").Append(scope.Text);
                }

                if (exception is not null)
                {
                    text.Append(Environment.NewLine).Append(exception);
                }

                owner.Logs.Enqueue(text.ToString());
            }
        }

        private sealed record ImmutableScopes(string Text, ImmutableScopes? Parent);

        private sealed class Pop(Action pop) : IDisposable
        {
            public void Dispose() => pop();
        }
    }
}
