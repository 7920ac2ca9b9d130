namespace Kailash.Cli;

/// <summary>The entry point of the <c>kailash</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => KailashCommand.InvokeAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
}
