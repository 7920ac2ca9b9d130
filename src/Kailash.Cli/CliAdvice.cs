namespace Kailash.Cli;

/// <summary>
/// Rewrites the library's advice, which names C# API members (<c>CreateCycle(id)</c>, <c>RuntimeOptions.MaxSteps</c>), into
/// what a CLI user can act on: file keys and command-line flags. The library keeps its API wording for API users; every
/// phrase here is checked against the library's messages by a test, so a reworded message cannot silently slip past.
/// </summary>
internal static class CliAdvice
{
    /// <summary>Library phrase → CLI phrase, applied in order (one pair per line).</summary>
    internal static readonly (string Api, string Cli)[] Phrases =
    [
        ("Please declare the back edge with CreateCycle(id).Connect(...) and give it MaxIterations or ConvergeWhen, or remove the connection that closes the loop.", "Please declare the connection that closes the loop as a cycle (list it under a 'cycles:' entry with a 'cycle_id', or mark it \"cycle\": true) and give the cycle 'max_iterations' or 'converge_when', or remove that connection."),
        ("Please give it MaxIterations(n), ConvergeWhen(expression) or Timeout(t); a switch inside the loop still needs MaxIterations as a safety limit.", "Please give it 'max_iterations', 'converge_when' or 'timeout_seconds' in the file; a switch inside the loop still needs 'max_iterations' as a safety limit."),
        ("Please add at least one back edge with Connect(from, to, mapping).", "Please list at least one back edge under the cycle's 'connections'."),
        ("Please raise RuntimeOptions.MaxSteps or lower the cycle's MaxIterations.", "Please raise --max-steps or lower the cycle's 'max_iterations'."),
        ("Please pass it as a workflow-level parameter, or as a node-specific parameter under the node's id.", "Please pass it with --param NAME=VALUE (or --param NODE.NAME=VALUE for that node only), or put it in a --params-file."),
        ("Please raise MaxIterations, fix the exit condition, or turn off RuntimeOptions.Cycles.FailOnMaxIterations.", "Please raise the cycle's 'max_iterations' or fix its exit condition ('converge_when')."),
    ];

    /// <summary>Returns <paramref name="message"/> with every API phrase replaced by its CLI phrase.</summary>
    public static string ForCli(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message ?? string.Empty;
        }

        foreach (var (api, cli) in Phrases)
        {
            if (message.Contains(api, StringComparison.Ordinal))
            {
                message = message.Replace(api, cli, StringComparison.Ordinal);
            }
        }

        return message;
    }
}
