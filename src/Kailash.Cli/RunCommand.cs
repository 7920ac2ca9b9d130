using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Spectre.Console;

namespace Kailash.Cli;

/// <summary><c>kailash run</c>: load, parse parameters, run on the chosen runtime, print, and map the outcome to an exit code.</summary>
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
        try
        {
            var environment = CliEnvironment.Create(request.Settings, request.File.FullName);
            workflow = await CliLoading.LoadAsync(request.File.FullName, environment.Registry, cancellationToken).ConfigureAwait(false);
            parameters = ParameterParser.Parse(workflow, request.Parameters, request.ParametersFile);
            var options = environment.CreateRuntimeOptions();
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _output.Error.WriteLineAsync(CliLoading.CancelledMessage).ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

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

            return await RunAsync(runtime, workflow, parameters, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<WorkflowRunResult> Execute(BaseRuntime runtime, Workflow workflow, Dictionary<string, object?> parameters, RunSettings settings, CancellationToken cancellationToken)
        => runtime switch
        {
            AsyncLocalRuntime asynchronous => asynchronous.ExecuteAsync(workflow, parameters, settings, cancellationToken).AsTask(),

            // The sync runtime runs on a worker thread so the progress display and Ctrl+C stay responsive.
            LocalRuntime synchronous => Task.Run(() => synchronous.Execute(workflow, parameters, settings, cancellationToken), CancellationToken.None),
            _ => throw new InvalidOperationException("Unknown runtime."),
        };

    private async Task<int> RunAsync(BaseRuntime runtime, Workflow workflow, Dictionary<string, object?> parameters, RunRequest request, CancellationToken cancellationToken)
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
                        return await Execute(runtime, workflow, parameters, new RunSettings { OnEvent = progress.OnEvent }, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                // --output jsonl: every event as one JSON line while the run goes (secrets already masked), the result last.
                var settings = request.Jsonl ? new RunSettings { OnEvent = e => _output.Out.WriteLine(RunEventJson.Serialize(e)) } : new RunSettings();
                result = await Execute(runtime, workflow, parameters, settings, cancellationToken).ConfigureAwait(false);
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
        catch (KailashException ex)
        {
            // Raised before any node ran (unknown parameter, access denied, resource limits): the input was refused.
            return await InvalidAsync(request.Json, ex.Code, ex.Message, ex.NodeId, null).ConfigureAwait(false);
        }
    }

    private async Task PrintAsync(WorkflowRunResult result, RunRequest request, Exception? error)
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

    private async Task<int> InvalidAsync(bool json, string code, string message, string? nodeId, IReadOnlyList<WorkflowError>? errors)
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
