namespace Kailash.Cli;

/// <summary>The entry point of the <c>kailash</c> command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C (SIGINT) cancels the run through its token; the run then ends cleanly with exit code 130.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await KailashCommand.InvokeAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, cancellation.Token).ConfigureAwait(false);
    }
}
