using System.Globalization;
using System.Text;
using Kailash.Durability;
using Spectre.Console;

namespace Kailash.Cli;

/// <summary><c>kailash runs list</c> and <c>kailash runs show RUN_ID</c>: read a run store, never run anything.</summary>
internal sealed partial class RunsCommands
{
    /// <summary>The store used when neither <c>--store</c> nor <c>KAILASH_STORE</c> names one.</summary>
    public const string DefaultStore = "sqlite:.kailash/runs.db";

    /// <summary>The environment variable naming the default store.</summary>
    public const string StoreVariable = "KAILASH_STORE";

    private readonly CliOutput _output;

    public RunsCommands(CliOutput output) => _output = output;

    /// <summary>The store <c>kailash run</c> records in: <c>--store</c>, else <c>KAILASH_STORE</c>, else <c>store</c> in kailash.json, else none (the run is not recorded).</summary>
    public static string? StoreForRun(string? spec, string? configured)
        => spec is { Length: > 0 } ? spec : Environment.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } env ? env : configured is { Length: > 0 } ? configured : null;

    public static string ResolveStore(string? spec)
        => spec is { Length: > 0 } ? spec : Environment.GetEnvironmentVariable(StoreVariable) is { Length: > 0 } env ? env : DefaultStore;

    public async Task<int> ListAsync(string? storeSpec, string? status, int limit, bool json, CancellationToken cancellationToken)
    {
        DurableRunStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<DurableRunStatus>(status, ignoreCase: true, out var parsed))
            {
                return await FailAsync(ErrorCodes.InvalidField, $"Unknown status '{status}'; use running, suspended, completed, failed or cancelled.", ExitCodes.InvalidInput).ConfigureAwait(false);
            }

            filter = parsed;
        }

        return await WithStoreAsync(storeSpec, async store =>
        {
            var runs = await store.ListRunsAsync(new RunQuery { Status = filter, Limit = limit }, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                _output.Out.WriteLine(ResultJson.Write(writer =>
                {
                    writer.WriteStartArray("runs");
                    foreach (var run in runs)
                    {
                        writer.WriteStartObject();
                        WriteRun(writer, run);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }));
                return ExitCodes.Completed;
            }

            var table = new Table().AddColumns("run id", "workflow", "status", "steps", "created", "updated");
            foreach (var run in runs)
            {
                table.AddRow(Markup.Escape(run.RunId), Markup.Escape(run.WorkflowId), Status(run.Status), run.CommitSeq.ToString(CultureInfo.InvariantCulture), Time(run.CreatedAt), Time(run.UpdatedAt));
            }

            _output.Console.Write(table);
            _output.Console.MarkupLine($"{runs.Count} run(s) in {Markup.Escape(RunStoreSpec.Describe(ResolveStore(storeSpec)))}.");
            return ExitCodes.Completed;
        }).ConfigureAwait(false);
    }

    public async Task<int> ShowAsync(string? storeSpec, string runId, bool json, CancellationToken cancellationToken, bool events = false)
        => await WithStoreAsync(storeSpec, async store =>
        {
            var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                return await FailAsync(ErrorCodes.RunNotFound, $"The store has no run '{runId}'; list the stored runs with 'kailash runs list'.", ExitCodes.InvalidInput).ConfigureAwait(false);
            }

            var nodes = await store.GetNodeExecutionsAsync(runId, 0, cancellationToken).ConfigureAwait(false);
            var requests = await store.GetRequestsAsync(runId, pendingOnly: true, cancellationToken).ConfigureAwait(false);
            var history = events ? await ReadAllEventsAsync(store, runId, cancellationToken).ConfigureAwait(false) : [];
            if (json)
            {
                _output.Out.WriteLine(ResultJson.Write(writer =>
                {
                    WriteRun(writer, run);
                    writer.WriteStartArray("nodes");
                    foreach (var node in nodes)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("node_id", node.NodeId);
                        writer.WriteNumber("iteration", node.Iteration);
                        writer.WriteNumber("attempt", node.Attempt);
                        writer.WriteString("status", node.Status.ToString().ToLowerInvariant());
                        writer.WriteNumber("commit_seq", node.CommitSeq);
                        if (node.Error is not null)
                        {
                            writer.WriteString("error", node.Error);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("pending_requests");
                    foreach (var request in requests)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("request_id", request.RequestId);
                        writer.WriteString("node_id", request.NodeId);
                        writer.WriteString("name", request.Name);
                        writer.WriteString("prompt", request.Payload);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    if (events)
                    {
                        writer.WriteStartArray("events");
                        foreach (var record in history)
                        {
                            writer.WriteRawValue(record.Payload ?? "null");
                        }

                        writer.WriteEndArray();
                    }
                }));
                return ExitCodes.Completed;
            }

            _output.Console.MarkupLine($"run [bold]{Markup.Escape(run.RunId)}[/] of workflow '{Markup.Escape(run.WorkflowId)}': {Status(run.Status)}, {run.CommitSeq} committed step(s), created {Time(run.CreatedAt)}, updated {Time(run.UpdatedAt)}");
            if (run.Error is not null)
            {
                _output.Console.MarkupLine($"[red]error[/]: {Markup.Escape(run.Error)}");
            }

            var table = new Table().AddColumns("node", "iteration", "attempt", "status", "commit");
            foreach (var node in nodes)
            {
                table.AddRow(Markup.Escape(node.NodeId), node.Iteration.ToString(CultureInfo.InvariantCulture), node.Attempt.ToString(CultureInfo.InvariantCulture), Markup.Escape(node.Status.ToString().ToLowerInvariant()), node.CommitSeq.ToString(CultureInfo.InvariantCulture));
            }

            _output.Console.Write(table);
            if (events)
            {
                var log = new Table().AddColumns("seq", "time", "event", "node", "detail");
                foreach (var record in history)
                {
                    log.AddRow(record.Seq.ToString(CultureInfo.InvariantCulture), Time(record.Timestamp), Markup.Escape(record.Type), Markup.Escape(record.NodeId ?? string.Empty), Markup.Escape(EventDetail(record)));
                }

                _output.Console.Write(log);
            }

            foreach (var request in requests)
            {
                _output.Console.MarkupLine($"[yellow]waiting[/] for input '{Markup.Escape(request.Name ?? request.RequestId)}' (request {Markup.Escape(request.RequestId)}, node {Markup.Escape(request.NodeId)}): {Markup.Escape(request.Payload ?? string.Empty)}");
            }

            return ExitCodes.Completed;
        }).ConfigureAwait(false);

    /// <summary>Reads every stored event of a run, in sequence order (pages of 1,000).</summary>
    private static async Task<List<RunEventRecord>> ReadAllEventsAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        var all = new List<RunEventRecord>();
        while (true)
        {
            var page = await store.ReadEventsAsync(runId, all.Count == 0 ? 0 : all[^1].Seq, 1000, cancellationToken).ConfigureAwait(false);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    /// <summary>The event's own fields (what its JSON holds beyond type, run, sequence, time and node), for the table.</summary>
    private static string EventDetail(RunEventRecord record)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(record.Payload ?? "{}")!.AsObject();
        foreach (var common in (string[])["type", "run_id", "seq", "timestamp", "node_id", "node_type"])
        {
            json.Remove(common);
        }

        return string.Join(", ", json.Select(pair => $"{pair.Key}={pair.Value?.ToJsonString()}"));
    }

    private static void WriteRun(System.Text.Json.Utf8JsonWriter writer, RunRecord run)
    {
        writer.WriteString("run_id", run.RunId);
        writer.WriteString("workflow_id", run.WorkflowId);
        writer.WriteString("status", run.Status.ToString().ToLowerInvariant());
        writer.WriteNumber("committed_steps", run.CommitSeq);
        writer.WriteString("fingerprint", run.Fingerprint);
        writer.WriteString("created_at", run.CreatedAt);
        writer.WriteString("updated_at", run.UpdatedAt);
        if (run.Error is not null)
        {
            writer.WriteString("error", run.Error);
        }
    }

    private static string Status(DurableRunStatus status) => status switch
    {
        DurableRunStatus.Completed => "[green]completed[/]",
        DurableRunStatus.Failed => "[red]failed[/]",
        DurableRunStatus.Suspended => "[yellow]suspended[/]",
        DurableRunStatus.Cancelled => "[grey]cancelled[/]",
        _ => "[blue]running[/]",
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<int> WithStoreAsync(string? storeSpec, Func<IRunStore, Task<int>> action)
    {
        try
        {
            await using var store = RunStoreSpec.Open(ResolveStore(storeSpec));
            return await action(store).ConfigureAwait(false);
        }
        catch (RunStoreException ex)
        {
            return await FailAsync(ex.Code, ex.Message, ExitCodes.InvalidInput).ConfigureAwait(false);
        }
    }

    private async Task<int> FailAsync(string code, string message, int exitCode)
    {
        var text = new StringBuilder(message.StartsWith(code, StringComparison.Ordinal) ? message : $"{code}: {message}");
        await _output.Error.WriteLineAsync(text.ToString()).ConfigureAwait(false);
        return exitCode;
    }
}
