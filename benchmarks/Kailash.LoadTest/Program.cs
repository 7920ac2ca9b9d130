using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kailash.LoadTest;

/// <summary>
/// Starts runs over HTTP from many concurrent clients against <c>kailash serve</c> (a child process it starts on a free
/// loopback port with the in-memory store, or <c>--server URL</c>), waits until every run has ended, and checks every
/// run is accounted for exactly once: each start answered 202 with a new run id, each id known to the server and
/// completed. Prints runs/s and start-latency percentiles (and appends them to <c>--report FILE</c>).
/// </summary>
internal static partial class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("Usage: Kailash.LoadTest [--runs 10000] [--clients 64] [--warmup 200] [--workflow-file examples/linear-pipeline.json] [--server http://127.0.0.1:PORT --workflow ID] [--report FILE]");
            return 2;
        }

        Process? server = null;
        var folder = Directory.CreateTempSubdirectory("kailash-load-").FullName;
        try
        {
            Uri address;
            string workflow;
            if (options.Server is { } external)
            {
                address = external;
                workflow = options.Workflow ?? "linear-pipeline";
            }
            else
            {
                var file = Path.GetFullPath(options.WorkflowFile);
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
                using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
                {
                    workflow = document.RootElement.GetProperty("workflow_id").GetString()!;
                }

                (server, address) = await StartServerAsync(folder, Math.Max(options.Runs + options.Warmup, 10_000));
                var child = server;
                Console.CancelKeyPress += (_, _) => child.Kill(entireProcessTree: true); // Ctrl+C never leaves the server behind
            }

            if (!address.IsLoopback)
            {
                Console.Error.WriteLine("The load test only targets loopback servers.");
                return 2;
            }

            return await RunAsync(address, workflow, options);
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunAsync(Uri server, string workflow, Options options)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        // Warm-up (not measured, not counted): JIT and connection pools, so the figures are the server's steady state.
        var warm = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(options.Clients, Math.Max(1, options.Warmup))).Select(async _ =>
        {
            while (Interlocked.Increment(ref warm) < options.Warmup)
            {
                using var body = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri($"kailash/workflows/{workflow}/runs?wait=true", UriKind.Relative), body);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Warm-up run refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));

        var latencies = new ConcurrentBag<double>();
        var runIds = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var refused = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < options.Runs)
            {
                var start = Stopwatch.GetTimestamp();
                using var body = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri($"kailash/workflows/{workflow}/runs", UriKind.Relative), body);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    if (Interlocked.Increment(ref refused) <= 3)
                    {
                        Console.Error.WriteLine($"start refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    continue;
                }

                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                runIds.AddOrUpdate(document.RootElement.GetProperty("run_id").GetString()!, 1, (_, count) => count + 1);
            }
        }));
        var started = clock.Elapsed;

        // Every started run must be known to the server (its run store) and end completed: poll each until it has ended.
        var ids = new ConcurrentQueue<string>(runIds.Keys);
        var lost = 0;
        var notCompleted = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            while (ids.TryDequeue(out var id))
            {
                while (true)
                {
                    using var response = await http.GetAsync(new Uri($"kailash/runs/{id}", UriKind.Relative));
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref lost);
                        break;
                    }

                    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var status = document.RootElement.GetProperty("status").GetString();
                    if (status is "running")
                    {
                        await Task.Delay(20);
                        continue;
                    }

                    if (status != "completed")
                    {
                        Interlocked.Increment(ref notCompleted);
                    }

                    break;
                }
            }
        }));
        var finished = clock.Elapsed;

        var duplicated = runIds.Values.Count(count => count > 1);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
        var ok = lost == 0 && duplicated == 0 && refused == 0 && notCompleted == 0 && runIds.Count == options.Runs;
        var lines = new[]
        {
            $"runs: {options.Runs} started over HTTP by {options.Clients} concurrent clients after {options.Warmup} warm-up runs, workflow '{workflow}', in-memory store ({DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores)",
            $"start throughput: {runIds.Count / started.TotalSeconds:F0} runs/s ({started.TotalSeconds:F1} s); all ended after {finished.TotalSeconds:F1} s ({runIds.Count / finished.TotalSeconds:F0} runs/s end to end)",
            $"start latency ms: p50 {Percentile(0.50):F2}, p95 {Percentile(0.95):F2}, p99 {Percentile(0.99):F2}, max {Percentile(1.0):F2}",
            $"accepted {runIds.Count}, refused {refused}, lost (unknown to the server) {lost}, duplicated run ids {duplicated}, ended other than completed {notCompleted}: {(ok ? "PASS" : "FAIL")}",
        };
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        if (options.Report is { } report)
        {
            await File.AppendAllTextAsync(report, string.Join(Environment.NewLine, lines.Select(l => "- " + l)) + Environment.NewLine + Environment.NewLine);
        }

        return ok ? 0 : 1;
    }

    /// <summary>Starts <c>kailash serve</c> (the Kailash.Cli.dll built beside this program) on a free loopback port and reads its address.</summary>
    private static async Task<(Process Server, Uri Address)> StartServerAsync(string folder, int runHistory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "Kailash.Cli.dll"), "serve", "--workflows", folder, "--port", "0", "--store", "memory"])
        {
            start.ArgumentList.Add(arg);
        }

        // The in-memory store keeps Kailash:RunHistory finished runs: enough for every run of this test to be checked.
        start.Environment["Kailash__RunHistory"] = runHistory.ToString(CultureInfo.InvariantCulture);
        var server = Process.Start(start) ?? throw new InvalidOperationException("Could not start kailash serve.");
        var errors = server.StandardError.ReadToEndAsync();
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ServingAt().Match(line) is { Success: true } match)
            {
                _ = server.StandardOutput.ReadToEndAsync();
                Console.WriteLine(line);
                return (server, new Uri(match.Groups[1].Value + "/"));
            }
        }

        await server.WaitForExitAsync();
        throw new InvalidOperationException($"kailash serve exited with {server.ExitCode}: {await errors}");
    }

    [GeneratedRegex(@" at (http://\S+)/kailash ")]
    private static partial Regex ServingAt();

    private sealed record Options(int Runs, int Clients, int Warmup, string WorkflowFile, Uri? Server, string? Workflow, string? Report)
    {
        public static Options? Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    return null;
                }

                values[args[i][2..]] = args[i + 1];
            }

            if (values.Keys.Except(["runs", "clients", "warmup", "workflow-file", "server", "workflow", "report"]).Any())
            {
                return null;
            }

            var runs = int.Parse(values.GetValueOrDefault("runs", "10000"), CultureInfo.InvariantCulture);
            var clients = int.Parse(values.GetValueOrDefault("clients", "64"), CultureInfo.InvariantCulture);
            var warmup = int.Parse(values.GetValueOrDefault("warmup", "200"), CultureInfo.InvariantCulture);
            return runs < 1 || clients < 1 || warmup < 0 ? null : new Options(
                runs,
                clients,
                warmup,
                values.GetValueOrDefault("workflow-file", Path.Combine("examples", "linear-pipeline.json")),
                values.TryGetValue("server", out var server) ? new Uri(server) : null,
                values.GetValueOrDefault("workflow"),
                values.GetValueOrDefault("report"));
        }
    }
}
