using Kailash.Durability;
using Kailash.Runtime;
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

    public RunCommand(CliOutput output) => _output = output;

    public async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
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

            var view = new RunView(request.Runtime, request.Json, request.Quiet);
            return await RunAsync(workflow.Id, workflow.Nodes.Count, progress => Execute(runtime, workflow, parameters, new RunSettings { RunId = runId, Progress = progress }, cancellationToken), view, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How a run's outcome is shown: the runtime's name, JSON or a table, with or without progress.</summary>
    internal sealed record RunView(string Runtime, bool Json, bool Quiet);

    private static Task<WorkflowRunResult> Execute(BaseRuntime runtime, Workflow workflow, Dictionary<string, object?> parameters, RunSettings settings, CancellationToken cancellationToken)
        => runtime switch
        {
            AsyncLocalRuntime asynchronous => asynchronous.ExecuteAsync(workflow, parameters, settings, cancellationToken).AsTask(),

            // The sync runtime runs on a worker thread so the progress display and Ctrl+C stay responsive.
            LocalRuntime synchronous => Task.Run(() => synchronous.Execute(workflow, parameters, settings, cancellationToken), CancellationToken.None),
            _ => throw new InvalidOperationException("Unknown runtime."),
        };

    /// <summary>Runs (or resumes) with an optional progress display, prints the outcome and maps it to an exit code.</summary>
    internal async Task<int> RunAsync(string workflowId, int nodeCount, Func<IProgress<WorkflowProgress>?, Task<WorkflowRunResult>> start, RunView request, CancellationToken cancellationToken)
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
                        var task = context.AddTask($"[bold]{Markup.Escape(workflowId)}[/]", maxValue: nodeCount);
                        return await start(new ProgressReporter(task, nodeCount)).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                result = await start(null).ConfigureAwait(false);
            }

            await PrintAsync(result, request, null).ConfigureAwait(false);
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
            await _output.Out.WriteLineAsync(ResultJson.Run(result, request.Runtime, error)).ConfigureAwait(false);
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
                _ => "[yellow]cancelled[/]",
            };
            table.AddRow(Markup.Escape(id), status, node.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), node.Duration.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(detail));
        }

        _output.Console.Write(table);
        foreach (var (id, cycle) in result.Cycles)
        {
            _output.Console.MarkupLine($"cycle [bold]{Markup.Escape(id)}[/]: {cycle.Iterations} iterations, {ResultJson.Snake(cycle.Termination.ToString())}");
        }

        await _output.Out.FlushAsync().ConfigureAwait(false);
    }

    private static string Truncate(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 117), "...");

    internal async Task<int> InvalidAsync(bool json, string code, string message, string? nodeId, IReadOnlyList<WorkflowError>? errors)
    {
        await _output.Error.WriteLineAsync(CliAdvice.ForCli(message)).ConfigureAwait(false);
        if (json)
        {
            await _output.Out.WriteLineAsync(ResultJson.Invalid(code, message, nodeId, errors)).ConfigureAwait(false);
        }

        return ExitCodes.InvalidInput;
    }

    private sealed class ProgressReporter : IProgress<WorkflowProgress>
    {
        private readonly ProgressTask _task;
        private readonly int _total;

        public ProgressReporter(ProgressTask task, int total)
        {
            _task = task;
            _total = total;
        }

        public void Report(WorkflowProgress value)
        {
            _task.Value = Math.Min(value.CompletedNodes, _total);
            _task.Description = $"{Markup.Escape(value.NodeId)} [grey]({Math.Min(value.CompletedNodes, _total)}/{_total})[/]";
        }
    }
}
