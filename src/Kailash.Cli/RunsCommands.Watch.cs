using System.Globalization;
using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Spectre.Console;

namespace Kailash.Cli;

/// <content>
/// <c>kailash watch RUN_ID</c>: follows a run's events from a run store (<c>WatchAsync</c>: the stored events, then new
/// ones as the process running it — this one or another — stores them) until the run ends, and exits with the run's exit
/// code. Watching never changes the run: Ctrl+C stops the watch, not the run.
/// </content>
internal sealed partial class RunsCommands
{
    public async Task<int> WatchAsync(string? storeSpec, string runId, long fromSeq, bool jsonl, CancellationToken cancellationToken)
    {
        if (fromSeq < 0)
        {
            return await FailAsync(ErrorCodes.InvalidField, $"--from is {fromSeq}; use the sequence number of the last event already seen (0: from the start).", ExitCodes.InvalidInput).ConfigureAwait(false);
        }

        return await WithStoreAsync(storeSpec, async store =>
        {
            var record = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return await FailAsync(ErrorCodes.RunNotFound, $"The store {RunStoreSpec.Describe(ResolveStore(storeSpec))} has no run '{runId}'; list the stored runs with 'kailash runs list'.", ExitCodes.InvalidInput).ConfigureAwait(false);
            }

            using var runtime = new AsyncLocalRuntime(new RuntimeOptions { RunStore = store });
            RunEvent? last = null;
            try
            {
                var workflow = !jsonl && _output.Interactive ? Definition(record) : null;
                if (workflow is not null)
                {
                    await _output.Console.Progress()
                        .AutoClear(false)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                        .StartAsync(async context =>
                        {
                            var task = context.AddTask($"[bold]{Markup.Escape(record.WorkflowId)}[/] {Markup.Escape(runId)}", maxValue: workflow.Nodes.Count);
                            var progress = new EventProgress(task, workflow, runtime.Cycles.GetCycles(workflow).Select(c => (c.CycleId, c.Members)));
                            await foreach (var runEvent in runtime.WatchAsync(runId, fromSeq, cancellationToken).ConfigureAwait(false))
                            {
                                progress.OnEvent(runEvent);
                                last = runEvent;
                            }
                        }).ConfigureAwait(false);
                }
                else
                {
                    await foreach (var runEvent in runtime.WatchAsync(runId, fromSeq, cancellationToken).ConfigureAwait(false))
                    {
                        await _output.Out.WriteLineAsync(jsonl ? RunEventJson.Serialize(runEvent) : Describe(runEvent)).ConfigureAwait(false);
                        await _output.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                        last = runEvent;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await _output.Error.WriteLineAsync($"{ErrorCodes.Cancelled}: Stopped watching (Ctrl+C); run '{runId}' goes on.").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            }
            catch (KailashException ex) when (ex is not RunStoreException)
            {
                return await FailAsync(ex.Code, ex.Message, ExitCodes.RunFailed).ConfigureAwait(false);
            }

            var status = (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false))?.Status ?? record.Status;
            var exit = ExitCodeOf(status, last);
            if (jsonl)
            {
                await _output.Out.WriteLineAsync(ResultJson.Line(
                    ResultJson.Write(writer =>
                    {
                        writer.WriteString("run_id", runId);
                        writer.WriteString("status", status.ToString().ToLowerInvariant());
                        writer.WriteNumber("exit_code", exit);
                    }),
                    "RunStatus")).ConfigureAwait(false);
            }
            else
            {
                _output.Console.MarkupLine($"run [bold]{Markup.Escape(runId)}[/] of workflow '{Markup.Escape(record.WorkflowId)}': {Status(status)}");
            }

            await _output.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return exit;
        }).ConfigureAwait(false);
    }

    /// <summary>The exit code of a watched run, as <c>kailash run</c> would have exited: by its stored status, else by its end event.</summary>
    private static int ExitCodeOf(DurableRunStatus status, RunEvent? last) => status switch
    {
        DurableRunStatus.Completed => ExitCodes.Completed,
        DurableRunStatus.Failed => ExitCodes.RunFailed,
        DurableRunStatus.Cancelled => ExitCodes.Cancelled,
        DurableRunStatus.Suspended => ExitCodes.Suspended,
        _ => last switch
        {
            RunCompleted => ExitCodes.Completed,
            RunCancelled => ExitCodes.Cancelled,
            RunSuspended => ExitCodes.Suspended,
            _ => ExitCodes.RunFailed,
        },
    };

    /// <summary>One event as one line: sequence number, type, node (and iteration), then the event's own fields.</summary>
    private static string Describe(RunEvent runEvent)
    {
        var record = RunEventJson.ToRecord(runEvent);
        var seq = runEvent.Seq > 0 ? "#" + runEvent.Seq.ToString(CultureInfo.InvariantCulture) : "pending";
        var node = runEvent is NodeEvent { Iteration: > 0 } cycled ? $" {cycled.NodeId}[{cycled.Iteration}]" : record.NodeId is { } id ? " " + id : string.Empty;
        var detail = EventDetail(record);
        return $"{seq} {runEvent.Type}{node}{(detail.Length > 0 ? " " + detail : string.Empty)}";
    }

    /// <summary>The stored workflow, for the progress bar; <see langword="null"/> when it cannot be loaded here (events are then shown as lines).</summary>
    private static Workflow? Definition(RunRecord record)
    {
        try
        {
            return record.Definition is { } json ? WorkflowSerializer.LoadJson(json, Nodes.NodeRegistry.BuiltIn, record.WorkflowId) : null;
        }
        catch (Exception e) when (e is KailashException or WorkflowValidationException)
        {
            return null;
        }
    }
}
