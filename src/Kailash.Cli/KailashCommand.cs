using System.CommandLine;
using Kailash.Runtime.Conditional;

namespace Kailash.Cli;

/// <summary>Builds the <c>kailash</c> command tree (System.CommandLine) and maps parse errors to exit code 2.</summary>
internal static class KailashCommand
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken = default)
    {
        var output = new CliOutput(stdout, stderr, interactive);
        var root = Build(output);

        // No arguments at all: show what the command can do rather than a parse error.
        var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"{ErrorCodes.InvalidField}: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("Run 'kailash --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static Command Build(CliOutput output)
    {
        // A named root rather than RootCommand: RootCommand takes its name from the entry assembly (Kailash.Cli),
        // while the installed tool's command is 'kailash'; help and usage must say what the user types.
        var root = new Command("kailash", "Kailash for .NET: run, validate and visualize workflow files.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            BuildRun(output),
            BuildValidate(output),
            BuildVisualize(output),
            BuildNodes(output),
            BuildRuns(output),
            BuildResume(output),
            BuildWatch(output),
            BuildServe(output),
        };
        return root;
    }

    private static Option<string[]> ParamOption() => new("--param") { Description = "A parameter: key=value (workflow-level) or node.key=value (node-specific). The value is parsed as JSON when it parses, else taken as a string.", Arity = ArgumentArity.ZeroOrMore };

    private static Option<FileInfo?> ParamsFileOption() => new("--params-file") { Description = "A JSON file of parameters ({key: value} and/or {node: {key: value}})." };

    private static Argument<FileInfo> FileArgument() => new("workflow-file") { Description = "A workflow file (.json, .yaml or .yml)." };

    private static Command BuildRun(CliOutput output)
    {
        var file = FileArgument();
        var runtime = new Option<string>("--runtime") { Description = "Which runtime runs the workflow.", DefaultValueFactory = _ => "sync" };
        runtime.AcceptOnlyFromAmong("sync", "async");
        var param = ParamOption();
        var paramsFile = ParamsFileOption();
        var mode = new Option<string>("--mode") { Description = "Conditional execution mode.", DefaultValueFactory = _ => "route-data" };
        mode.AcceptOnlyFromAmong("route-data", "skip-branches");
        var maxConcurrency = new Option<int?>("--max-concurrency") { Description = "The most nodes the async runtime runs at once." };
        var format = new Option<string>("--output") { Description = "How to print the result (jsonl: every run event as one JSON line while the run goes, the result last).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "jsonl");
        var quiet = new Option<bool>("--quiet") { Description = "No progress display; print only the result." };
        var store = StoreOption($"Record the run in a run store, so it can be resumed after a crash: sqlite:PATH, postgres:CONNSTRING or memory: (default: ${RunsCommands.StoreVariable}, else 'store' in kailash.json, else not recorded).");
        var runId = new Option<string?>("--run-id") { Description = "The run id to record the run under (default: a new id, printed when the run starts)." };
        var command = new Command("run", "Run a workflow file. Exit codes: 0 completed, 1 a node failed, 2 invalid input, 3 suspended (a node waits for input: kailash resume RUN_ID --input NAME=VALUE), 130 cancelled.") { file, runtime, param, paramsFile, mode, maxConcurrency, format, quiet, store, runId };
        var shared = new CliOptions(runLimits: true);
        shared.AddTo(command);
        command.SetAction((result, token) => new RunCommand(output).ExecuteAsync(
            new RunRequest(
                result.GetValue(file)!,
                result.GetValue(runtime) ?? "sync",
                result.GetValue(param) ?? [],
                result.GetValue(paramsFile),
                result.GetValue(mode) == "skip-branches" ? ConditionalExecutionMode.SkipBranches : ConditionalExecutionMode.RouteData,
                result.GetValue(maxConcurrency),
                result.GetValue(format) is "json" or "jsonl",
                result.GetValue(quiet))
            {
                Settings = shared.Read(result),
                Jsonl = result.GetValue(format) == "jsonl",
                Store = result.GetValue(store),
                RunId = result.GetValue(runId),
            },
            token));
        return command;
    }

    private static Option<string?> StoreOption(string description) => new("--store") { Description = description };

    private static Command BuildResume(CliOutput output)
    {
        var runId = new Argument<string>("run-id") { Description = "The id of the stored run to finish." };
        var store = StoreOption($"The run store the run is recorded in: sqlite:PATH, postgres:CONNSTRING (default: ${RunsCommands.StoreVariable}, else 'store' in kailash.json, else {RunsCommands.DefaultStore}).");
        var allowDrift = new Option<bool>("--allow-drift") { Description = "Resume even though the workflow changed since the run started (its fingerprint differs)." };
        var workflow = new Option<FileInfo?>("--workflow") { Description = "The workflow file to resume with (default: the definition stored with the run)." };
        var runtime = new Option<string>("--runtime") { Description = "Which runtime finishes the run.", DefaultValueFactory = _ => "sync" };
        runtime.AcceptOnlyFromAmong("sync", "async");
        var format = new Option<string>("--output") { Description = "How to print the result.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var quiet = new Option<bool>("--quiet") { Description = "No progress display; print only the result." };
        var input = new Option<string[]>("--input") { Description = "An answer to an input request the run waits for: REQUEST=VALUE (the request id or name; 'kailash runs show RUN_ID' lists them). The value is parsed as JSON when it parses, else taken as a string. Repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("resume", "Finish a run recorded in a run store (after a crash, a kill or Ctrl+C, or a run suspended for input: answer it with --input): completed nodes are not run again. Exit codes: 0 completed, 1 a node failed, 2 refused, 3 suspended (waiting for input), 130 cancelled.") { runId, store, input, allowDrift, workflow, runtime, format, quiet };
        var shared = new CliOptions(runLimits: false);
        shared.AddTo(command);
        command.SetAction((result, token) => new ResumeCommand(output).ExecuteAsync(
            new ResumeRequest(result.GetValue(runId)!, result.GetValue(store), result.GetValue(allowDrift), result.GetValue(workflow), result.GetValue(runtime) ?? "sync", result.GetValue(format) == "json", result.GetValue(quiet))
            {
                Settings = shared.Read(result),
                Inputs = result.GetValue(input) ?? [],
            },
            token));
        return command;
    }

    private static Command BuildWatch(CliOutput output)
    {
        var runId = new Argument<string>("run-id") { Description = "The id of the stored run to follow." };
        var store = StoreOption($"The run store the run is recorded in: sqlite:PATH, postgres:CONNSTRING (default: ${RunsCommands.StoreVariable}, else {RunsCommands.DefaultStore}).");
        var from = new Option<long>("--from") { Description = "Show only the events after this sequence number (the last one already seen; default 0: all).", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--output") { Description = "How to show the events (jsonl: every event as one JSON line, as 'kailash run --output jsonl' writes them, then the run's status).", DefaultValueFactory = _ => "progress" };
        format.AcceptOnlyFromAmong("progress", "jsonl");
        var command = new Command("watch", "Follow a run's events from a run store until it ends (a run of this or another process); exits with the run's exit code (0 completed, 1 failed, 3 suspended, 130 cancelled).") { runId, store, from, format };
        command.SetAction((result, token) => new RunsCommands(output).WatchAsync(result.GetValue(store), result.GetValue(runId)!, result.GetValue(from), result.GetValue(format) == "jsonl", token));
        return command;
    }

    private static Command BuildServe(CliOutput output)
    {
        var workflows = new Option<DirectoryInfo>("--workflows") { Description = "The folder of workflow files to serve.", Required = true };
        var store = new Option<string>("--store") { Description = "The run store: memory, sqlite:PATH or postgres:CONNSTRING.", DefaultValueFactory = _ => "memory" };
        var port = new Option<int>("--port") { Description = "The TCP port (0: any free port).", DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host") { Description = "The address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var allowCode = new Option<bool>("--allow-code") { Description = "Allow code nodes (CSharpCodeNode, PythonCodeNode) in the served workflows." };
        var command = new Command("serve", "Serve workflow files over HTTP, with a read-only run dashboard.") { workflows, store, port, host, allowCode };
        command.SetAction((result, token) => new ServeCommand(output).ExecuteAsync(
            result.GetValue(workflows)!, result.GetValue(store) ?? "memory", result.GetValue(port), result.GetValue(host) ?? "127.0.0.1", result.GetValue(allowCode), token));
        return command;
    }

    private static Command BuildValidate(CliOutput output)
    {
        var file = FileArgument();
        var format = new Option<string>("--output") { Description = "How to print the findings.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var param = ParamOption();
        var paramsFile = ParamsFileOption();
        var command = new Command("validate", "Check a workflow file without running it (with --param/--params-file: also what those parameters would do).") { file, format, param, paramsFile };
        var shared = new CliOptions(runLimits: false);
        shared.AddTo(command);
        command.SetAction((result, token) => new InspectCommands(output).ValidateAsync(
            result.GetValue(file)!,
            result.GetValue(format) == "json",
            result.GetValue(param) ?? [],
            result.GetValue(paramsFile),
            shared.Read(result),
            token));
        return command;
    }

    private static Command BuildVisualize(CliOutput output)
    {
        var file = FileArgument();
        var format = new Option<string>("--format") { Description = "The diagram format.", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid");
        var command = new Command("visualize", "Print a diagram of a workflow file.") { file, format };
        var shared = new CliOptions(runLimits: false);
        shared.AddTo(command);
        command.SetAction((result, _) => Task.FromResult(new InspectCommands(output).Visualize(result.GetValue(file)!, shared.Read(result))));
        return command;
    }

    private static Command BuildNodes(CliOutput output)
    {
        var format = new Option<string>("--output") { Description = "How to print the node types.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var type = new Argument<string?>("type") { Description = "Show only this node type, with every parameter's type, default and description.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("nodes", "List the registered node types and their parameters.") { type, format };
        var shared = new CliOptions(runLimits: false);
        shared.AddTo(command);
        command.SetAction((result, _) => Task.FromResult(new InspectCommands(output).Nodes(result.GetValue(format) == "json", result.GetValue(type), shared.Read(result))));
        return command;
    }

    private static Command BuildRuns(CliOutput output)
    {
        Option<string?> Store() => new("--store") { Description = $"The run store: sqlite:PATH, postgres:CONNSTRING or memory: (default: ${RunsCommands.StoreVariable}, else {RunsCommands.DefaultStore})." };
        Option<string> Format() => new("--output") { Description = "How to print.", DefaultValueFactory = _ => "table" };

        var listStore = Store();
        var listFormat = Format();
        listFormat.AcceptOnlyFromAmong("table", "json");
        var status = new Option<string?>("--status") { Description = "Only runs with this status (running, suspended, completed, failed, cancelled)." };
        var limit = new Option<int>("--limit") { Description = "The most runs listed, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List stored runs, newest first.") { listStore, status, limit, listFormat };
        list.SetAction((result, token) => new RunsCommands(output).ListAsync(result.GetValue(listStore), result.GetValue(status), result.GetValue(limit), result.GetValue(listFormat) == "json", token));

        var showStore = Store();
        var showFormat = Format();
        showFormat.AcceptOnlyFromAmong("table", "json");
        var runId = new Argument<string>("run-id") { Description = "The run id." };
        var events = new Option<bool>("--events") { Description = "Also show the run's stored events, in order." };
        var show = new Command("show", "Show one stored run: status, node executions, pending input requests (and its events).") { runId, showStore, showFormat, events };
        show.SetAction((result, token) => new RunsCommands(output).ShowAsync(result.GetValue(showStore), result.GetValue(runId)!, result.GetValue(showFormat) == "json", token, result.GetValue(events)));

        return new Command("runs", "Inspect durable runs in a run store.") { list, show };
    }
}
