using System.Diagnostics;
using System.Text.Json;
using Kailash.Cli;

namespace Kailash.IntegrationTests.Cli;

/// <summary>Runs the kailash command in-process (fast) or as a real process, capturing stdout, stderr and the exit code.</summary>
public static class CliHarness
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static async Task<CliRun> RunAsync(params string[] args) => await RunCancellableAsync(args, TestContext.Current.CancellationToken);

    public static async Task<CliRun> RunCancellableAsync(string[] args, CancellationToken cancellationToken)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await KailashCommand.InvokeAsync(args, stdout, stderr, interactive: false, cancellationToken);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built command as its own process: `dotnet kailash.dll args`.</summary>
    public static Task<CliRun> RunProcessAsync(params string[] args) => RunProcessInAsync(RepositoryRoot, args);

    /// <summary>Runs the built command as its own process in <paramref name="workingDirectory"/>.</summary>
    public static async Task<CliRun> RunProcessInAsync(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Kailash.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kailash.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Kailash.slnx).");
    }
}

public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }
}
