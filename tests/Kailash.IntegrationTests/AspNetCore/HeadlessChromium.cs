using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// The installed Chromium (Debian's <c>chromium</c> package; <c>KAILASH_CHROMIUM</c> names another binary), started headless
/// on a free DevTools port with a throwaway profile, and driven through the DevTools protocol over a plain
/// <see cref="ClientWebSocket"/>. Nothing is downloaded. Without a browser the test skips with a message, unless
/// <c>KAILASH_REQUIRE_CHROMIUM=1</c> (set by <c>.ci/run</c>), where it fails.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string RequireVariable = "KAILASH_REQUIRE_CHROMIUM";

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Starts the browser and attaches to its first page; skips (or fails under CI) when no browser is installed.</summary>
    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        var binary = Find();
        if (binary is null)
        {
            const string Message = "*** SKIPPED: no Chromium found (install Debian's 'chromium' package: apt-get install -y chromium, or set KAILASH_CHROMIUM to a Chromium/Chrome binary), so the dashboard browser test cannot run.";
            Assert.False(Environment.GetEnvironmentVariable(RequireVariable) == "1", Message + $" {RequireVariable}=1 requires it.");
            Console.Error.WriteLine(Message);
            Assert.Skip(Message);
        }

        var profile = Directory.CreateTempSubdirectory("kailash-chromium-").FullName;
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--metrics-recording-only", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--window-size=1280,800", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await browser.WaitForDevToolsAsync(cancellationToken);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://{endpoint}/json/list", cancellationToken))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancellationToken);
            browser._reader = Task.Run(browser.ReadAsync, CancellationToken.None);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one DevTools command and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, cancellationToken);
        return result.TryGetProperty("exceptionDetails", out var error)
            ? throw new InvalidOperationException("The page threw: " + error.GetRawText())
            : result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Evaluates <paramref name="condition"/> until it is true (the page loads and streams asynchronously).</summary>
    public async Task WaitUntilAsync(string condition, CancellationToken cancellationToken)
    {
        while ((await EvaluateAsync($"Boolean({condition})", cancellationToken)).ValueKind != JsonValueKind.True)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await SendAsync("Browser.close", null, quick.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
            {
                // The browser is killed below anyway.
            }
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter may still hold a file; the directory is in the temp folder.
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("KAILASH_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => path.Select(directory => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Reads "DevTools listening on ws://127.0.0.1:PORT/…" from the browser's stderr.</summary>
    private async Task<string> WaitForDevToolsAsync(CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        while (await _process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            seen.AppendLine(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("Chromium exited before opening its DevTools port:\n" + seen);
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                using var document = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (document.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
                {
                    if (document.RootElement.TryGetProperty("error", out var error))
                    {
                        reply.TrySetException(new InvalidOperationException("DevTools error: " + error.GetRawText()));
                    }
                    else
                    {
                        reply.TrySetResult(document.RootElement.GetProperty("result").Clone());
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }

        foreach (var reply in _pending.Values)
        {
            reply.TrySetCanceled();
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://([^/]+)/")]
    private static partial Regex Listening();
}
