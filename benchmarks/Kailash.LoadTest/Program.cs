using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Kailash.LoadTest;

/// <summary>Starts runs over HTTP from many concurrent clients and checks every run is accounted for exactly once.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var server = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5000");
        var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var workflow = args.Length > 3 ? args[3] : "linear-pipeline";
        if (!server.IsLoopback)
        {
            Console.Error.WriteLine("The load test only targets loopback servers.");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = server };
        var latencies = new ConcurrentBag<double>();
        var runIds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < total)
            {
                var start = Stopwatch.GetTimestamp();
                using var body = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri($"kailash/workflows/{workflow}/runs", UriKind.Relative), body);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                runIds.AddOrUpdate(document.RootElement.GetProperty("run_id").GetString()!, 1, (_, count) => count + 1);
            }
        }));
        clock.Stop();

        // Every started run must be known to the server exactly once (the in-memory store keeps Kailash:RunHistory runs).
        var listed = new HashSet<string>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("kailash/runs?limit=1000", UriKind.Relative))))
        {
            foreach (var run in document.RootElement.EnumerateArray())
            {
                listed.Add(run.GetProperty("run_id").GetString()!);
            }
        }

        var missing = 0;
        foreach (var id in runIds.Keys)
        {
            using var response = await http.GetAsync(new Uri($"kailash/runs/{id}", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing++;
            }
        }

        var duplicated = runIds.Values.Count(count => count > 1);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        Console.WriteLine($"runs started: {runIds.Count} of {total} ({failures} refused), clients: {clients}, workflow: {workflow}");
        Console.WriteLine($"throughput: {runIds.Count / clock.Elapsed.TotalSeconds:F0} runs/s over {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"start latency ms: p50 {Percentile(0.50):F2}, p95 {Percentile(0.95):F2}, p99 {Percentile(0.99):F2}, max {Percentile(1.0):F2}");
        Console.WriteLine($"lost runs (started but unknown to the server): {missing}; duplicated run ids: {duplicated}; newest listed: {listed.Count}");
        return missing == 0 && duplicated == 0 && failures == 0 && runIds.Count == total ? 0 : 1;
    }
}
