using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Kailash.Workflows.Visualization;
using Spectre.Console;

namespace Kailash.Cli;

/// <summary><c>kailash validate</c>, <c>visualize</c> and <c>nodes</c>: commands that read but never run.</summary>
internal sealed class InspectCommands
{
    private readonly CliOutput _output;

    public InspectCommands(CliOutput output) => _output = output;

    public async Task<int> ValidateAsync(FileInfo file, bool json, IReadOnlyList<string> parameterFlags, FileInfo? parametersFile, CliSettings settings, CancellationToken cancellationToken)
    {
        Workflow workflow;
        CliEnvironment environment;
        Dictionary<string, object?>? parameters = null;
        try
        {
            environment = CliEnvironment.Create(settings, file.FullName);
            workflow = await CliLoading.LoadAsync(file.FullName, environment.Registry, cancellationToken).ConfigureAwait(false);
            if (parameterFlags.Count > 0 || parametersFile is not null)
            {
                parameters = ParameterParser.Parse(workflow, parameterFlags, parametersFile);
            }
        }
        catch (WorkflowValidationException ex)
        {
            return Invalid(json, ex.Code, ex.Message, ex.Errors.Count > 0 ? ex.Errors[0].NodeId : null, ex.Errors);
        }
        catch (CliInputException ex)
        {
            return Invalid(json, ex.Code, ex.Message, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _output.Error.WriteLineAsync(CliLoading.CancelledMessage).ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }

        using var runtime = new LocalRuntime(environment.CreateRuntimeOptions());
        var report = runtime.Validation.ValidateWorkflow(workflow, parameters);
        if (json)
        {
            _output.Out.WriteLine(ResultJson.Write(writer =>
            {
                writer.WriteString("status", report.IsValid ? "valid" : "invalid");
                if (!report.IsValid)
                {
                    ResultJson.WriteFirstError(writer, report.Errors);
                }

                writer.WriteString("workflow_id", workflow.Id);
                writer.WriteNumber("nodes", workflow.Nodes.Count);
                writer.WriteNumber("connections", workflow.Connections.Count);
                writer.WriteNumber("cycles", workflow.Cycles.Count);
                ResultJson.WriteErrors(writer, "errors", report.Errors);
                ResultJson.WriteErrors(writer, "warnings", report.Warnings);
            }));
        }
        else
        {
            // Plain lines (not the console's markup), so a redirected stream gets each problem on one unwrapped line.
            foreach (var problem in report.Errors.Concat(report.Warnings).Take(ResultJson.MaxListedErrors))
            {
                _output.Out.WriteLine($"{(problem.IsWarning ? "warning" : "error")} {CliAdvice.ForCli(problem.ToString())}");
            }

            if (report.Errors.Count + report.Warnings.Count > ResultJson.MaxListedErrors)
            {
                _output.Out.WriteLine($"… and {report.Errors.Count + report.Warnings.Count - ResultJson.MaxListedErrors} more");
            }

            _output.Console.MarkupLine(report.IsValid
                ? $"[green]valid[/]: workflow '{Markup.Escape(workflow.Id)}' with {Kailash.Internal.Counted.Of(workflow.Nodes.Count, "node")}, {Kailash.Internal.Counted.Of(workflow.Connections.Count, "connection")} and {Kailash.Internal.Counted.Of(workflow.Cycles.Count, "cycle")}; {Kailash.Internal.Counted.Of(report.Warnings.Count, "warning")}."
                : $"[red]invalid[/]: workflow '{Markup.Escape(workflow.Id)}' has {report.Errors.Count} error(s).");
        }

        return report.IsValid ? ExitCodes.Completed : ExitCodes.InvalidInput;
    }

    public int Visualize(FileInfo file, CliSettings settings)
    {
        try
        {
            var environment = CliEnvironment.Create(settings, file.FullName);
            _output.Out.WriteLine(MermaidExporter.ToMermaid(WorkflowSerializer.LoadFile(file.FullName, environment.Registry)));
            return ExitCodes.Completed;
        }
        catch (WorkflowValidationException ex)
        {
            _output.Error.WriteLine(CliAdvice.ForCli(ex.Message));
            return ExitCodes.InvalidInput;
        }
        catch (CliInputException ex)
        {
            _output.Error.WriteLine(ex.Message);
            return ExitCodes.InvalidInput;
        }
    }

    public int Nodes(bool json, string? type, CliSettings settings)
    {
        NodeRegistry registry;
        try
        {
            registry = CliEnvironment.Create(settings, null).Registry;
        }
        catch (CliInputException ex)
        {
            return Invalid(json, ex.Code, ex.Message, null, null);
        }

        IReadOnlyList<string> names = registry.TypeNames;
        if (type is not null)
        {
            if (!registry.Contains(type))
            {
                return Invalid(json, ErrorCodes.UnknownNodeType, $"{ErrorCodes.UnknownNodeType}: {registry.UnknownTypeMessage(type)}", null, null);
            }

            names = [type];
        }

        var infos = names.Select(registry.Describe).ToList();
        if (json)
        {
            _output.Out.WriteLine(NodeCatalogueJson.Write(infos));
            return ExitCodes.Completed;
        }

        if (type is not null)
        {
            WriteDetail(infos[0]);
            return ExitCodes.Completed;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Registered node types");
        table.AddColumns("Type", "Inputs", "Outputs");
        foreach (var info in infos)
        {
            var inputs = string.Join(Environment.NewLine, info.Parameters.Select(p => $"{p.Name}: {p.Type.Name}{(p.Required ? " (required)" : string.Empty)}"));
            var outputs = info.HasDynamicOutputs ? "(dynamic)" : string.Join(", ", info.Outputs);
            table.AddRow(Markup.Escape(info.TypeName), Markup.Escape(inputs), Markup.Escape(outputs));
        }

        _output.Console.Write(table);
        return ExitCodes.Completed;
    }

    private void WriteDetail(NodeTypeInfo info)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{Markup.Escape(info.TypeName)} ({Markup.Escape(info.ClrType.FullName ?? info.ClrType.Name)})");
        table.AddColumns("Parameter", "Type", "Required", "Default", "Description");
        foreach (var parameter in info.Parameters)
        {
            table.AddRow(
                Markup.Escape(parameter.Name),
                Markup.Escape(NodeCatalogueJson.TypeName(parameter.Type)),
                parameter.Required ? "yes" : "no",
                Markup.Escape(parameter.HasDefault || parameter.Default is not null ? NodeCatalogueJson.DefaultText(parameter.Default) : string.Empty),
                Markup.Escape(parameter.Description ?? string.Empty));
        }

        _output.Console.Write(table);
        _output.Console.MarkupLine($"outputs: {Markup.Escape(info.HasDynamicOutputs ? "(dynamic)" : string.Join(", ", info.Outputs))}");
    }

    private int Invalid(bool json, string code, string message, string? nodeId, IReadOnlyList<WorkflowError>? errors)
    {
        _output.Error.WriteLine(CliAdvice.ForCli(message));
        if (json)
        {
            _output.Out.WriteLine(ResultJson.Invalid(code, message, nodeId, errors));
        }

        return ExitCodes.InvalidInput;
    }
}
