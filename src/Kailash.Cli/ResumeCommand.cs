using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;

namespace Kailash.Cli;

/// <summary>
/// <c>kailash resume RUN_ID</c>: finishes a run recorded in a run store (after a crash, a kill or Ctrl+C). The workflow is
/// the definition stored with the run (or <c>--workflow FILE</c>), loaded with the plugins and permissions of the command
/// line and kailash.json; completed nodes are not run again. <c>--input REQUEST=VALUE</c> answers the input requests a
/// suspended run waits for. Same output and exit codes as <c>kailash run</c> (3: suspended again, waiting for more input).
/// </summary>
internal sealed class ResumeCommand
{
    private readonly CliOutput _output;
    private readonly RunCommand _run;

    public ResumeCommand(CliOutput output)
    {
        _output = output;
        _run = new RunCommand(output);
    }

    public async Task<int> ExecuteAsync(ResumeRequest request, CancellationToken cancellationToken)
    {
        string spec;
        IRunStore store;
        CliEnvironment environment;
        try
        {
            environment = CliEnvironment.Create(request.Settings, request.Workflow?.FullName);
            spec = RunsCommands.StoreForRun(request.Store, environment.Config.Store) ?? RunsCommands.DefaultStore;
            store = RunStoreSpec.Open(spec);
        }
        catch (CliInputException ex)
        {
            return await _run.InvalidAsync(request.Json, ex.Code, ex.Message, null, null).ConfigureAwait(false);
        }
        catch (RunStoreException ex)
        {
            return await _run.InvalidAsync(request.Json, ex.Code, ex.Message, null, null).ConfigureAwait(false);
        }

        await using (store)
        {
            Workflow workflow;
            BaseRuntime runtime;
            try
            {
                var record = await store.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false)
                    ?? throw new RunStoreException(ErrorCodes.RunNotFound, $"The store {RunStoreSpec.Describe(spec)} has no run '{request.RunId}'; list the stored runs with 'kailash runs list'.");
                workflow = request.Workflow is { } file
                    ? await CliLoading.LoadAsync(file.FullName, environment.Registry, cancellationToken).ConfigureAwait(false)
                    : record.Definition is { } definition
                        ? WorkflowSerializer.LoadJson(definition, environment.Registry, record.WorkflowId)
                        : throw new CliInputException(ErrorCodes.ResumeUnavailable, $"{ErrorCodes.ResumeUnavailable}: Run '{request.RunId}' has no stored workflow definition. Please pass the workflow file with --workflow.");
                _ = Responses(request.Inputs);
                var options = environment.CreateRuntimeOptions();
                options.RunStore = store;
                runtime = request.Runtime == "async" ? new AsyncLocalRuntime(options) : new LocalRuntime(options);
            }
            catch (WorkflowValidationException ex)
            {
                return await _run.InvalidAsync(request.Json, ex.Code, ex.Message, ex.Errors.Count > 0 ? ex.Errors[0].NodeId : null, ex.Errors).ConfigureAwait(false);
            }
            catch (KailashException ex)
            {
                return await _run.InvalidAsync(request.Json, ex.Code, ex.Message, ex.NodeId, null).ConfigureAwait(false);
            }
            catch (CliInputException ex)
            {
                return await _run.InvalidAsync(request.Json, ex.Code, ex.Message, null, null).ConfigureAwait(false);
            }

            using (runtime)
            {
                var view = new RunCommand.RunView(request.Runtime, request.Json, request.Quiet, Jsonl: false);
                return await _run.RunAsync(runtime, workflow, onEvent => Resume(runtime, workflow, request, onEvent, cancellationToken), view, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads <c>--input REQUEST=VALUE</c> flags (values as <c>--param</c> values: JSON when it parses, else text).</summary>
    private static Dictionary<string, object?>? Responses(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0)
        {
            return null;
        }

        var responses = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliInputException(ErrorCodes.InvalidField, $"{ErrorCodes.InvalidField}: --input '{input}' is not REQUEST=VALUE. Please write --input approval=true (the request id or name is listed by 'kailash runs show RUN_ID').");
            }

            responses[input[..equals]] = ParameterParser.ParseValue(input[(equals + 1)..]);
        }

        return responses;
    }

    private static Task<WorkflowRunResult> Resume(BaseRuntime runtime, Workflow workflow, ResumeRequest request, Action<Kailash.Runtime.Events.RunEvent>? onEvent, CancellationToken cancellationToken)
    {
        var settings = new ResumeSettings { AllowDrift = request.AllowDrift, OnEvent = onEvent, Responses = Responses(request.Inputs) };
        return runtime switch
        {
            AsyncLocalRuntime asynchronous => asynchronous.ResumeAsync(workflow, request.RunId, settings, cancellationToken).AsTask(),
            LocalRuntime synchronous => Task.Run(() => synchronous.Resume(workflow, request.RunId, settings, cancellationToken), CancellationToken.None),
            _ => throw new InvalidOperationException("Unknown runtime."),
        };
    }
}
