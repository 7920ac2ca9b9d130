using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// 100 <c>HTTPRequestNode</c>s in parallel against a loopback server that answers after 10 ms, on
/// <c>AsyncLocalRuntime</c> with <c>MaxConcurrency</c> 100. Goal: a run takes about the server's latency (≈ 10 ms plus
/// overhead), not 100 × 10 ms; the baseline is the same 100 requests sent with <c>Task.WhenAll</c> and no engine.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(IoFanOutConfig))]
public class HttpFanOutBenchmarks
{
    public const int Width = 100;
    public const int LatencyMilliseconds = 10;

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _client = new();
    private string _url = null!;
    private Workflow _workflow = null!;
    private AsyncLocalRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _url = $"http://127.0.0.1:{port}/item";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);

        var builder = new WorkflowBuilder("http-fan-out").AddNode("join", new SumNode());
        for (var i = 0; i < Width; i++)
        {
            builder.AddNode("HTTPRequestNode", $"get{i}", new() { ["url"] = _url })
                .AddConnection($"get{i}", "status_code", "join", $"x{i}");
        }

        _workflow = builder.Build();
        _runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = Width });
        var sum = (long)Kailash_HttpFanOut_MaxConcurrency100().AsTask().GetAwaiter().GetResult()["join"]["result"]!;
        if (sum != Width * 200L)
        {
            throw new InvalidOperationException($"Expected {Width} successful requests, got a status sum of {sum}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _listener.Close();
        _runtime.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    /// <summary>The floor: the same 100 requests sent together, no engine.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Direct_HttpClient_WhenAll()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, Width).Select(_ => _client.GetAsync(new Uri(_url)))).ConfigureAwait(false);
        var ok = responses.Count(r => r.IsSuccessStatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }

        return ok;
    }

    [Benchmark]
    public ValueTask<WorkflowRunResult> Kailash_HttpFanOut_MaxConcurrency100() => _runtime.ExecuteAsync(_workflow);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(LatencyMilliseconds).ConfigureAwait(false);
                var body = "{\"ok\":true}"u8.ToArray();
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                context.Response.Close();
            });
        }
    }
}
