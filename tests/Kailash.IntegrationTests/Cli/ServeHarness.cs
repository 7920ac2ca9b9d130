using System.Text.RegularExpressions;
using Kailash.Cli;

namespace Kailash.IntegrationTests.Cli;

/// <summary><c>kailash serve</c> in-process on a free loopback port, until disposed (which cancels it and awaits its exit code).</summary>
internal sealed partial class ServeHarness : IAsyncDisposable
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private Task<int> _serving = Task.FromResult(0);

    /// <summary>Gets the server's base address (<c>http://127.0.0.1:PORT</c>).</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Gets what the command wrote to stdout and stderr so far.</summary>
    public string Output => _stdout + Environment.NewLine + _stderr;

    /// <summary>Copies the named examples into a fresh folder (the plain ones: serve grants no code permission by default).</summary>
    public static string ExamplesFolder(params string[] names)
    {
        var folder = Directory.CreateTempSubdirectory("kailash-serve-").FullName;
        foreach (var name in names)
        {
            File.Copy(Path.Combine(CliHarness.RepositoryRoot, "examples", name), Path.Combine(folder, name));
        }

        return folder;
    }

    /// <summary>Starts <c>kailash serve --workflows FOLDER --port 0 [extra]</c> and waits until it prints its address.</summary>
    public static async Task<ServeHarness> StartAsync(string folder, params string[] extra)
    {
        var harness = new ServeHarness();
        harness._serving = Task.Run(() => KailashCommand.InvokeAsync(["serve", "--workflows", folder, "--port", "0", .. extra], TextWriter.Synchronized(harness._stdout), TextWriter.Synchronized(harness._stderr), interactive: false, harness._stop.Token));
        while (harness.Address.Length == 0 && !harness._serving.IsCompleted)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            harness.Address = AddressPattern().Match(harness._stdout.ToString()) is { Success: true } match ? match.Groups[1].Value : string.Empty;
        }

        Assert.True(harness.Address.Length > 0, $"serve did not start: {harness.Output}");
        return harness;
    }

    /// <summary>Stops the server and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _serving;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_serving.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
    }

    [GeneratedRegex(@"at (http://127\.0\.0\.1:\d+)/kailash")]
    private static partial Regex AddressPattern();
}
