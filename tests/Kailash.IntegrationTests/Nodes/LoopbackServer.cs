using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kailash.IntegrationTests.Nodes;

/// <summary>A real HTTP server on 127.0.0.1 that a test starts and stops; nothing leaves the machine.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, string, Reply> _handler;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackServer(Func<HttpListenerRequest, string, Reply> handler)
    {
        _handler = handler;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Gets every request seen: method, path and query, body, and the headers.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string Body, WebHeaderCollection Headers)> Requests { get; } = new();

    public static Reply Json(string json, int status = 200) => new(status, "application/json", json);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the loop.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                Requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, body, (WebHeaderCollection)context.Request.Headers));
                var reply = _handler(context.Request, body);
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay);
                }

                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = reply.ContentType;
                foreach (var (name, value) in reply.Headers ?? [])
                {
                    context.Response.Headers[name] = value;
                }

                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            });
        }
    }

    public sealed record Reply(int Status, string ContentType, string Body)
    {
        public Dictionary<string, string>? Headers { get; init; }

        public TimeSpan Delay { get; init; }
    }
}
