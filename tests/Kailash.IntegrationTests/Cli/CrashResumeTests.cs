using System.Diagnostics;
using System.Text.Json;
using Kailash.Durability;
using Kailash.Testing;

namespace Kailash.IntegrationTests.Cli;

/// <summary>
/// The crash proof: <c>kailash run --store …</c> in a child process is killed with SIGKILL while a chosen node execution is
/// in flight (<see cref="CrashProbeNode"/> blocks on its line of the execution log), then finished with
/// <c>kailash resume</c> — which is itself killed at the next point, and so on. Six kill points per store and runtime,
/// spread over the run (fan-out, join, every part of a cycle, the last node): 24 in all. Every node the store had recorded
/// completed at a kill never runs again; a node in flight at a kill runs at most twice; the final outputs equal an
/// uninterrupted run's.
/// </summary>
public sealed class CrashResumeTests : IDisposable
{
    private const string Workflow = """
        {"workflow_id": "crash",
         "nodes": {"start": {"type": "CrashProbeNode"}, "w1": {"type": "CrashProbeNode"}, "w2": {"type": "CrashProbeNode"}, "w3": {"type": "CrashProbeNode"}, "w4": {"type": "CrashProbeNode"},
                   "join": {"type": "CrashProbeNode"}, "inc": {"type": "CrashProbeNode"}, "check": {"type": "CrashProbeNode"}, "final": {"type": "CrashProbeNode"}},
         "connections": [
           {"source_node": "start", "source_output": "result", "target_node": "w1", "target_input": "value"},
           {"source_node": "start", "source_output": "result", "target_node": "w2", "target_input": "value"},
           {"source_node": "start", "source_output": "result", "target_node": "w3", "target_input": "value"},
           {"source_node": "start", "source_output": "result", "target_node": "w4", "target_input": "value"},
           {"source_node": "w1", "source_output": "result", "target_node": "join", "target_input": "a"},
           {"source_node": "w2", "source_output": "result", "target_node": "join", "target_input": "b"},
           {"source_node": "w3", "source_output": "result", "target_node": "join", "target_input": "c"},
           {"source_node": "w4", "source_output": "result", "target_node": "join", "target_input": "d"},
           {"source_node": "join", "source_output": "result", "target_node": "inc", "target_input": "value"},
           {"source_node": "inc", "source_output": "result", "target_node": "check", "target_input": "value"},
           {"source_node": "check", "source_output": "result", "target_node": "inc", "target_input": "a", "cycle": true, "cycle_id": "loop", "max_iterations": 8},
           {"source_node": "check", "source_output": "result", "target_node": "final", "target_input": "value"}]}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-crash-").FullName;
    private readonly string _plugin = typeof(CrashProbeNode).Assembly.Location;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("sqlite", "sync", 1)]
    [InlineData("sqlite", "async", 2)]
    [InlineData("postgres", "sync", 3)]
    [InlineData("postgres", "async", 4)]
    public async Task Killed_runs_finish_with_kailash_resume_without_running_completed_nodes_again(string storeKind, string runtime, int offset)
    {
        var file = Path.Combine(_directory, "crash.json");
        await File.WriteAllTextAsync(file, Workflow, TestContext.Current.CancellationToken);
        var spec = storeKind == "sqlite"
            ? "sqlite:" + Path.Combine(_directory, "runs.db")
            : "postgres:" + await (await PostgresServer.GetAsync()).CreateDatabaseAsync("crash");
        var expected = Uninterrupted();

        var log = Path.Combine(_directory, "executions.log");
        var runId = $"crash-{storeKind}-{runtime}";
        var firstCompleted = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFlightAtKill = new HashSet<string>(StringComparer.Ordinal);
        var kills = 0;
        string[] args = ["run", file, "--store", spec, "--run-id", runId, "--nodes", _plugin, "--runtime", runtime, "--output", "json", "--quiet"];
        Launched last;
        for (var target = offset; ; target += 4)
        {
            var lines = Lines(log);
            target = Math.Max(target, lines.Length + 1 + lines.Distinct().Count(l => !firstCompleted.ContainsKey(l)));
            last = await LaunchAsync(args, (log, target));
            if (!last.Killed)
            {
                break;
            }

            kills++;
            var counts = Lines(log).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
            foreach (var done in await CompletedAsync(spec, runId))
            {
                firstCompleted.TryAdd(done, counts.GetValueOrDefault(done));
            }

            inFlightAtKill.UnionWith(counts.Keys.Where(k => !firstCompleted.ContainsKey(k)));
            args = ["resume", runId, "--store", spec, "--nodes", _plugin, "--runtime", runtime, "--output", "json", "--quiet"];
        }

        Assert.True(last.ExitCode == 0, last.Stderr);
        Assert.True(kills >= 5, $"only {kills} kill points were reached");
        Assert.Equal(expected, Outputs(last));
        var final = Lines(log).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(23, final.Count);
        foreach (var (execution, count) in final)
        {
            // Completed before a kill: never run again. In flight at a kill: run again once. Otherwise: once.
            if (firstCompleted.TryGetValue(execution, out var before))
            {
                Assert.True(count == before, $"{execution} ran {count} times, {before} when the store had it completed");
            }

            Assert.InRange(count, 1, inFlightAtKill.Contains(execution) ? 2 : 1);
        }
    }

    /// <summary>The outputs of an uninterrupted run, in this process (the probe appends nothing without its environment variables).</summary>
    private static Dictionary<string, long> Uninterrupted()
    {
        var registry = Kailash.Nodes.NodeRegistry.CreateDefault().Register<CrashProbeNode>();
        using var runtime = new Kailash.Runtime.LocalRuntime();
        var result = runtime.Execute(Kailash.Workflows.Serialization.WorkflowSerializer.LoadJson(Workflow, registry), cancellationToken: TestContext.Current.CancellationToken);
        return result.Results.ToDictionary(p => p.Key, p => (long)p.Value.Outputs["result"]!, StringComparer.Ordinal);
    }

    private static string[] Lines(string log) => File.Exists(log) ? File.ReadAllLines(log) : [];

    private static async Task<IEnumerable<string>> CompletedAsync(string spec, string runId)
    {
        await using var store = RunStoreSpec.Open(spec);
        var rows = await store.GetNodeExecutionsAsync(runId, 0, TestContext.Current.CancellationToken);
        return rows.Where(r => r.Status == NodeExecutionStatus.Completed && !r.NodeId.StartsWith('$')).Select(r => $"{r.NodeId}:{r.Iteration}").ToList();
    }

    private static Dictionary<string, long> Outputs(Launched launched)
    {
        Assert.True(launched.ExitCode == 0, launched.Stderr);
        using var document = JsonDocument.Parse(launched.Stdout);
        return document.RootElement.GetProperty("results").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("outputs").GetProperty("result").GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>Runs the CLI as its own process; with a crash point, kills it with SIGKILL once the probe reached that line of the log.</summary>
    private async Task<Launched> LaunchAsync(string[] args, (string Log, int At)? crash)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kailash.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var gate = Path.Combine(_directory, "gate");
        File.Delete(gate);
        if (crash is { } point)
        {
            start.Environment["KAILASH_CRASH_LOG"] = point.Log;
            start.Environment["KAILASH_CRASH_AT"] = point.At.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["KAILASH_CRASH_GATE"] = gate;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var killed = false;
        while (!process.HasExited)
        {
            if (File.Exists(gate))
            {
                process.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no lease release.
                killed = true;
                break;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Launched(killed, killed ? -1 : process.ExitCode, await stdout, await stderr);
    }

    private sealed record Launched(bool Killed, int ExitCode, string Stdout, string Stderr);
}
