using System.CommandLine;
using System.Globalization;

namespace Kailash.Cli;

/// <summary>The System.CommandLine options behind <see cref="CliSettings"/>, added to each command that loads workflows.</summary>
internal sealed class CliOptions
{
    private readonly Option<string[]> _nodes = new("--nodes") { Description = "A .NET assembly whose node types are registered (repeatable; each loads in its own load context).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _allowPath = new("--allow-path") { Description = "A directory file nodes may read and write, besides the working directory (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _allowHost = new("--allow-host") { Description = "A host HTTP nodes may call: host, host:port or *.domain (repeatable). Without any, every host is allowed.", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _allowCode = new("--allow-code") { Description = "Allow code nodes (CSharpCodeNode, PythonCodeNode)." };
    private readonly Option<FileInfo?> _config = new("--config") { Description = "The kailash.json to use (default: beside the workflow file, else in the working directory)." };
    private readonly Option<string?> _errorPolicy = new("--error-policy") { Description = "What a run does when a node fails: stop, or continue with the nodes that do not depend on it." };
    private readonly Option<long?> _maxSteps = new("--max-steps") { Description = "The run's step budget: the most node executions (cycle iterations included)." };
    private readonly Option<string?> _timeout = new("--timeout") { Description = "A time limit for the whole run: seconds (30, 2.5) or a time span (00:01:30)." };

    public CliOptions(bool runLimits)
    {
        RunLimits = runLimits;
        _errorPolicy.AcceptOnlyFromAmong("stop", "continue");
    }

    public bool RunLimits { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(_nodes);
        command.Options.Add(_allowPath);
        command.Options.Add(_allowHost);
        command.Options.Add(_allowCode);
        command.Options.Add(_config);
        if (RunLimits)
        {
            command.Options.Add(_errorPolicy);
            command.Options.Add(_maxSteps);
            command.Options.Add(_timeout);
        }
    }

    public CliSettings Read(ParseResult result) => new()
    {
        NodeAssemblies = result.GetValue(_nodes) ?? [],
        AllowedPaths = result.GetValue(_allowPath) ?? [],
        AllowedHosts = result.GetValue(_allowHost) ?? [],
        AllowCode = result.GetValue(_allowCode),
        ConfigFile = result.GetValue(_config)?.FullName,
        ErrorPolicy = RunLimits ? result.GetValue(_errorPolicy) : null,
        MaxSteps = RunLimits ? result.GetValue(_maxSteps) : null,
        Timeout = RunLimits ? result.GetValue(_timeout) : null,
    };

    /// <summary>Reads a duration: plain seconds or a <see cref="TimeSpan"/> text.</summary>
    public static TimeSpan ParseTimeout(string text, string source, string code = ErrorCodes.InvalidField)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new CliInputException(code, $"{code}: {source} '{text}' is not a positive duration. Please give seconds (30) or a time span (00:01:30).");
    }
}
