using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Spectre.Console;

namespace Kailash.Cli;

/// <summary>
/// <c>kailash run</c>: load, parse parameters, run on the chosen runtime (recorded in a run store when one is named), print,
/// and map the outcome to an exit code. <see cref="ResumeCommand"/> shares the running and printing.
/// </summary>
internal sealed class RunCommand
{
    private readonly CliOutput _output;

    /// <summary>Whether stdout is a stream of JSON lines (<c>--output jsonl</c>): every document goes on one line.</summary>
    private bool _jsonl;

    public RunCommand(CliOutput output) => _output = output;

    public async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        _jsonl = request.Jsonl;
        Workflow workflow;
        Dictionary<string, object?> parameters;
        BaseRuntime runtime;
        IRunStore? store = null;
        string? storeSpec = null;
        try
        {
            var environment = CliEnvironment.Create(request.Settings, request.File.FullName);
            workflow = await CliLoading.LoadAsync(request.File.FullName, environment.Registry, cancellationToken).ConfigureAwait(false);
            parameters = ParameterParser.Parse(workflow, request.Parameters, request.ParametersFile);
            var options = environment.CreateRuntimeOptions();
            storeSpec = RunsCommands.StoreForRun(request.Store, environment.Config.Store);
            if (storeSpec is not null)
            {
                store = RunStoreSpec.Open(storeSpec);
                options.RunStore = store;
            }

            options.ConditionalExecution = request.Mode;
            if (request.MaxConcurrency is { } max)
            {
                options.MaxConcurrency = max;
            }

            runtime = request.Runtime == "async" ? new AsyncLocalRuntime(options) : new LocalRuntime(options);
        }
        catch (WorkflowValidationException ex)
        {
            return await InvalidAsync(request.Json, ex.Code, ex.Message, ex.Errors.Count > 0 ? ex.Errors[0].NodeId : null, ex.Errors).ConfigureAwait(false);
        }
        catch (CliInputException ex)
        {
            return await InvalidAsync(request.Json, ex.Code, ex.Message, null, null).ConfigureAwait(false);
        }
        catch (InvalidRuntimeOptionsException ex)
        {
            return await InvalidAsync(request.Json, InvalidRuntimeOptionsException.Code, ex.Message, null, null).ConfigureAwait(false);
        }
        catch (RunStoreException ex)
        {
            return await InvalidAsync(request.Json, ex.Code, ex.Message, null, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _output.Error.WriteLineAsync(CliLoading.CancelledMessage).ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

        await using (store)
        using (runtime)
        {
            // What 'kailash validate' reports as an error with these parameters is refused here the same way (exit 2,
            // status "invalid"), so the two commands never disagree about one file.
            var report = runtime.Validation.ValidateWorkflow(workflow, parameters);
            if (!report.IsValid)
            {
                var refused = new WorkflowValidationException(report.Errors);
                return await InvalidAsync(request.Json, refused.Code, refused.Message, report.Errors[0].NodeId, report.Errors).ConfigureAwait(false);
            }

            var runId = request.RunId ?? (store is null ? null : Guid.NewGuid().ToString());
            if (store is not null)
            {
                // Printed before the run starts, so a run killed half-way can still be resumed by its id.
                await _output.Error.WriteLineAsync($"Run {runId} is recorded in {RunStoreSpec.Describe(storeSpec!)}; if it stops, finish it with: kailash resume {runId}").ConfigureAwait(false);
                await _output.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var view = new RunView(request.Runtime, request.Json, request.Quiet, request.Jsonl);
            return await RunAsync(runtime, workflow, onEvent => Execute(runtime, workflow, parameters, new RunSettings { RunId = runId, OnEvent = onEvent }, cancellationToken), view, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How a run's outcome is shown: the runtime's name, JSON (or JSON lines with the events) or a table, with or without progress.</summary>
    internal sealed record RunView(string Runtime, bool Json, bool Quiet, bool Jsonl);

    private static Task<WorkflowRunResult> Execute(BaseRuntime runtime, Workflow workflow, Dictionary<string, object?> parameters, RunSettings settings, CancellationToken cancellationToken)
        => runtime switch
        {
            AsyncLocalRuntime asynchronous => asynchronous.ExecuteAsync(workflow, parameters, settings, cancellationToken).AsTask(),

            // The sync runtime runs on a worker thread so the progress display and Ctrl+C stay responsive.
            LocalRuntime synchronous => Task.Run(() => synchronous.Execute(workflow, parameters, settings, cancellationToken), CancellationToken.None),
            _ => throw new InvalidOperationException("Unknown runtime."),
        };

    /// <summary>Runs (or resumes) with an optional progress display, prints the outcome and maps it to an exit code.</summary>
    internal async Task<int> RunAsync(BaseRuntime runtime, Workflow workflow, Func<Action<RunEvent>?, Task<WorkflowRunResult>> start, RunView request, CancellationToken cancellationToken)
    {
        var showProgress = _output.Interactive && !request.Json && !request.Quiet;
        try
        {
            WorkflowRunResult result;
            if (showProgress)
            {
                result = await _output.Console.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"[bold]{Markup.Escape(workflow.Id)}[/]", maxValue: workflow.Nodes.Count);
                        var progress = new EventProgress(task, workflow, runtime.Cycles.GetCycles(workflow).Select(c => (c.CycleId, c.Members)));
                        return await start(progress.OnEvent).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                // --output jsonl: every event as one JSON line while the run goes (secrets already masked), the result last.
                result = await start(request.Jsonl ? e => _output.Out.WriteLine(RunEventJson.Serialize(e)) : null).ConfigureAwait(false);
            }

            await PrintAsync(result, request, null).ConfigureAwait(false);
            if (result.Status == WorkflowRunStatus.Suspended)
            {
                await PrintPendingAsync(result).ConfigureAwait(false);
                return ExitCodes.Suspended;
            }

            return result.Status == WorkflowRunStatus.Completed ? ExitCodes.Completed : ExitCodes.RunFailed;
        }
        catch (WorkflowExecutionException ex)
        {
            await PrintAsync(ex.Result, request, ex).ConfigureAwait(false);
            await _output.Error.WriteLineAsync(CliAdvice.ForCli(ex.Message)).ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        catch (WorkflowCancelledException ex)
        {
            await PrintAsync(ex.Result, request, null).ConfigureAwait(false);
            await _output.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _output.Error.WriteLineAsync($"{ErrorCodes.Cancelled}: The run was cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (WorkflowValidationException ex)
        {
            // The runtime refused the parameters before any node ran (a value of the wrong type, a template they do not supply).
            return await InvalidAsync(request.Json, ex.Code, ex.Message, ex.Errors.Count > 0 ? ex.Errors[0].NodeId : null, ex.Errors).ConfigureAwait(false);
        }
        catch (RunStoreException ex) when (ex.Code == ErrorCodes.StoreUnavailable)
        {
            // The store went away during the run: what was committed stays; the run can be resumed once the store is back.
            await _output.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.RunFailed;
        }
        catch (KailashException ex)
        {
            // Raised before any node ran (unknown parameter, access denied, resource limits, a run that cannot be resumed): the input was refused.
            return await InvalidAsync(request.Json, ex.Code, ex.Message, ex.NodeId, null).ConfigureAwait(false);
        }
    }

    private async Task PrintAsync(WorkflowRunResult result, RunView request, Exception? error)
    {
        if (request.Json)
        {
            var document = ResultJson.Run(result, request.Runtime, error);
            await _output.Out.WriteLineAsync(_jsonl ? ResultJson.Line(document, "RunResult") : document).ConfigureAwait(false);
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(result.WorkflowId)} · {result.Status} · {request.Runtime} · {result.Duration.TotalMilliseconds:0.###} ms");
        table.AddColumns("Node", "Status", "Attempts", "Duration (ms)", "Outputs / reason");
        foreach (var (id, node) in result.Results)
        {
            var detail = node.Status switch
            {
                NodeStatus.Completed => Truncate(ResultJson.Text(node.Outputs)),
                NodeStatus.Skipped => ResultJson.Snake(node.SkipReason.ToString()),
                _ => node.Error is null ? string.Empty : $"{node.ErrorCode}: {CliAdvice.ForCli(node.Error.Message)}",
            };
            var status = node.Status switch
            {
                NodeStatus.Completed => "[green]completed[/]",
                NodeStatus.Skipped => "[grey]skipped[/]",
                NodeStatus.Failed => "[red]failed[/]",
                NodeStatus.Waiting => "[blue]waiting for input[/]",
                _ => "[yellow]cancelled[/]",
            };
            table.AddRow(Markup.Escape(id), status, node.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), node.Duration.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(detail));
        }

        _output.Console.Write(table);
        foreach (var (id, cycle) in result.Cycles)
        {
            _output.Console.MarkupLine($"cycle [bold]{Markup.Escape(id)}[/]: {Kailash.Internal.Counted.Of(cycle.Iterations, "iteration")}, {ResultJson.Snake(cycle.Termination.ToString())}");
        }

        await _output.Out.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>A suspended run: what it waits for, and the command that answers (on stderr, so stdout stays the result).</summary>
    private async Task PrintPendingAsync(WorkflowRunResult result)
    {
        foreach (var pending in result.PendingInputs)
        {
            var expires = pending.ExpiresAt is { } at ? $", expires {at.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty;
            await _output.Error.WriteLineAsync($"Run {result.RunId} waits for input '{pending.Name ?? pending.RequestId}' (request {pending.RequestId}, node {pending.NodeId}{expires}): {pending.Payload}").ConfigureAwait(false);
        }

        var first = result.PendingInputs.Count > 0 ? result.PendingInputs[0].Name ?? result.PendingInputs[0].RequestId : "NAME";
        await _output.Error.WriteLineAsync($"Answer and finish it with: kailash resume {result.RunId} --input {first}=VALUE").ConfigureAwait(false);
    }

    private static string Truncate(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "...");

    internal async Task<int> InvalidAsync(bool json, string code, string message, string? nodeId, IReadOnlyList<WorkflowError>? errors)
    {
        await _output.Error.WriteLineAsync(CliAdvice.ForCli(message)).ConfigureAwait(false);
        if (json)
        {
            var document = ResultJson.Invalid(code, message, nodeId, errors);
            await _output.Out.WriteLineAsync(_jsonl ? ResultJson.Line(document, "Invalid") : document).ConfigureAwait(false);
        }

        return ExitCodes.InvalidInput;
    }
}
